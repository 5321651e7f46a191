package dev.anshin.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.anshin.k8s.NetworkPolicies.Endpoint;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * The network graph is the code's graph. The expectations come from the services' own files: each service's gRPC
 * clients (quarkus.grpc.clients.* of its application.properties, the service called found by its port) and the
 * roles each accepts (its grpc/Roles.java). A service that gains a client fails these tests until the chart's
 * anshin.grpcClients (templates/_helpers.tpl) has the same edge.
 */
class NetworkGraphTest {

    private static final Pattern GRPC_ENV = Pattern.compile("QUARKUS_GRPC_CLIENTS_(.+)_(HOST|PORT)");

    private static Endpoint pod(ServiceModule service) {
        return Endpoint.pod(Chart.NAMESPACE, service.podLabels());
    }

    private static NetworkPolicies policies(Rendered rendered) {
        return new NetworkPolicies(rendered.all(NetworkPolicy.class));
    }

    @ParameterizedTest(name = "values {0}")
    @ValueSource(strings = { "", "everything.yaml" })
    void eachServiceReachesExactlyTheServicesItsGrpcClientsCall(String values) {
        NetworkPolicies policies = policies(Chart.render(values));
        List<String> disagreements = new ArrayList<>();
        for (ServiceModule caller : ServiceModule.values()) {
            Set<ServiceModule> calls = Set.copyOf(caller.grpcClients().values());
            for (ServiceModule callee : ServiceModule.values()) {
                if (callee == caller) {
                    continue;
                }
                boolean inCode = calls.contains(callee);
                boolean inChart = policies.allows(pod(caller), pod(callee), callee.httpPort());
                if (inCode != inChart) {
                    disagreements.add(caller.module + " -> " + callee.module + ": " + (inCode
                            ? "its application.properties has a gRPC client for it, the chart's network policies do not let it through"
                            : "the chart lets it through, its application.properties has no gRPC client for it"));
                }
            }
        }
        assertThat(disagreements).as("fix templates/_helpers.tpl, anshin.grpcClients").isEmpty();
    }

    @Test
    void eachGrpcClientOfTheCodeIsGivenTheHostAndPortOfTheServiceItCalls() {
        Rendered rendered = Chart.render("");
        for (ServiceModule caller : ServiceModule.values()) {
            Map<String, String> expected = new TreeMap<>();
            caller.grpcClients().forEach((client, callee) -> {
                String env = client.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
                expected.put("QUARKUS_GRPC_CLIENTS_" + env + "_HOST", callee.objectName() + "." + Chart.NAMESPACE + ".svc");
                expected.put("QUARKUS_GRPC_CLIENTS_" + env + "_PORT", String.valueOf(callee.httpPort()));
            });
            Map<String, String> fromChart = new TreeMap<>();
            for (EnvVar env : Rendered.container(rendered.deployment(caller)).getEnv()) {
                if (GRPC_ENV.matcher(env.getName()).matches()) {
                    fromChart.put(env.getName(), env.getValue());
                }
            }
            assertThat(fromChart).as(caller.module + ": its gRPC clients' addresses").isEqualTo(expected);
        }
    }

    @Test
    void cardControlAndStatementServiceCanNeverReachConsentService() {
        for (String values : Chart.TOGGLE_SETS) {
            NetworkPolicies policies = policies(Chart.renderWithHooks(values));
            for (ServiceModule from : List.of(ServiceModule.CARD_CONTROL, ServiceModule.STATEMENT)) {
                // Their own egress alone refuses it, on any port, whatever consent-service's ingress allows.
                assertThat(policies.egressAllowsOnSomePort(pod(from), pod(ServiceModule.CONSENT)))
                        .as(from.module + " -> consent-service, values " + values).isFalse();
                assertThat(policies.allowsOnSomePort(pod(from), pod(ServiceModule.CONSENT))).isFalse();
            }
        }
        assertThat(ServiceModule.CARD_CONTROL.grpcClients()).doesNotContainValue(ServiceModule.CONSENT);
        assertThat(ServiceModule.STATEMENT.grpcClients()).doesNotContainValue(ServiceModule.CONSENT);
    }

    @Test
    void everyPodOfTheReleaseStartsFromTheDefaultDeny() {
        Rendered rendered = Chart.renderWithHooks("everything.yaml");
        NetworkPolicy deny = rendered.get(NetworkPolicy.class, "anshin-default-deny");

        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
        List<PodTemplateSpec> pods = new ArrayList<>();
        rendered.all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate()));
        rendered.all(Job.class).forEach(j -> pods.add(j.getSpec().getTemplate()));
        assertThat(pods).extracting(pod -> pod.getMetadata().getLabels().get("app.kubernetes.io/component"))
                .containsOnly("server", "migrations").hasSize(2 * ServiceModule.values().length);
        for (PodTemplateSpec pod : pods) {
            assertThat(NetworkPolicies.matches(deny.getSpec().getPodSelector(), pod.getMetadata().getLabels()))
                    .as(pod.getMetadata().getLabels().toString()).isTrue();
            // Every pod also has a policy of its own that opens only what it needs, in both directions.
            assertThat(rendered.all(NetworkPolicy.class).stream().filter(p -> p != deny)
                    .filter(p -> NetworkPolicies.matches(p.getSpec().getPodSelector(), pod.getMetadata().getLabels()))
                    .toList()).singleElement().satisfies(p -> assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress"));
        }
    }

    @ParameterizedTest(name = "values {0}")
    @ValueSource(strings = { "", "everything.yaml" })
    void aStrangerReachesNoService(String values) {
        NetworkPolicies policies = policies(Chart.render(values));
        List<Endpoint> strangers = List.of(
                Endpoint.pod(Chart.NAMESPACE, Map.of("app", "stranger")),
                Endpoint.pod("elsewhere", Map.of("app.kubernetes.io/name", "gateway")),
                Endpoint.pod("ingress-nginx", Map.of("app", "not-the-controller")),
                Endpoint.address("203.0.113.200"),
                Endpoint.address("8.8.8.8"));
        for (Endpoint stranger : strangers) {
            for (ServiceModule service : ServiceModule.values()) {
                assertThat(policies.allows(stranger, pod(service), service.httpPort())).as(stranger + " -> " + service.module).isFalse();
            }
        }
    }

    @Test
    void theGatewayIsReachedByTheIngressControllerAndTheMobileBackendOnly() {
        NetworkPolicies policies = policies(Chart.render("everything.yaml"));
        Endpoint controller = Endpoint.pod("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
        Endpoint mobileBackend = Endpoint.pod("mobile-backend", Map.of("app", "bff"));

        for (Endpoint caller : List.of(controller, mobileBackend)) {
            for (ServiceModule service : ServiceModule.values()) {
                assertThat(policies.allows(caller, pod(service), service.httpPort())).as(caller + " -> " + service.module)
                        .isEqualTo(service == ServiceModule.GATEWAY);
            }
        }
        assertThat(policies(Chart.render("")).allows(mobileBackend, pod(ServiceModule.GATEWAY), 8080))
                .as("no mobile backend by default").isFalse();
    }

    /** Each outside caller of everything.yaml: where it is, and the role its token carries. */
    private static Map<String, Map.Entry<Endpoint, String>> outsideCallers() {
        Map<String, Map.Entry<Endpoint, String>> callers = new LinkedHashMap<>();
        callers.put("cardNetwork", Map.entry(Endpoint.address("203.0.113.5"), "card-network"));
        callers.put("directoryServer", Map.entry(Endpoint.address("198.51.100.40"), "directory-server"));
        callers.put("onboarding", Map.entry(Endpoint.pod("onboarding", Map.of("app", "onboarding")), "card-issuer"));
        callers.put("fraudEngine", Map.entry(Endpoint.pod("fraud", Map.of("app", "fraud-engine")), "fraud-engine"));
        callers.put("operators", Map.entry(Endpoint.pod("operators", Map.of("app", "console")), "operator"));
        callers.put("clearing", Map.entry(Endpoint.pod("clearing", Map.of("app", "clearing")), "clearing"));
        callers.put("billing", Map.entry(Endpoint.pod("billing", Map.of("app", "billing")), "billing"));
        callers.put("smsInbound", Map.entry(Endpoint.address("192.0.2.5"), "sms-inbound"));
        callers.put("marketing", Map.entry(Endpoint.pod("marketing", Map.of("app", "campaigns")), "marketing"));
        callers.put("loginEvents", Map.entry(Endpoint.pod("iam", Map.of("app.kubernetes.io/name", "keycloak")), "login-events"));
        callers.put("applications", Map.entry(Endpoint.pod("applications", Map.of("app", "applications")), "applications"));
        return callers;
    }

    /** The services whose grpc/Roles.java accepts the role ("operator" is the kit's PeopleRoles.OPERATOR). */
    private static Set<ServiceModule> acceptingRole(String role) {
        Set<ServiceModule> services = new TreeSet<>();
        for (ServiceModule service : ServiceModule.values()) {
            try (var files = Files.walk(service.directory().resolve("src/main/java"))) {
                for (var file : files.filter(f -> f.getFileName().toString().equals("Roles.java")).toList()) {
                    String roles = Files.readString(file);
                    boolean accepts = role.equals("operator") ? roles.contains("PeopleRoles.OPERATOR")
                            : Pattern.compile("=\\s*\"" + Pattern.quote(role) + "\"").matcher(roles).find();
                    if (accepts) {
                        services.add(service);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return services;
    }

    @Test
    void eachOutsideCallerReachesOnlyTheServicesThatAcceptItsRole() {
        NetworkPolicies policies = policies(Chart.render("everything.yaml"));
        List<String> disagreements = new ArrayList<>();
        outsideCallers().forEach((caller, where) -> {
            Set<ServiceModule> accepting = acceptingRole(where.getValue());
            assertThat(accepting).as("services accepting role " + where.getValue()).isNotEmpty();
            for (ServiceModule service : ServiceModule.values()) {
                boolean allowed = policies.allows(where.getKey(), pod(service), service.httpPort());
                if (allowed != accepting.contains(service)) {
                    disagreements.add(caller + " (role " + where.getValue() + ") -> " + service.module + ": chart "
                            + (allowed ? "allows" : "refuses") + ", Roles.java " + (accepting.contains(service) ? "accepts" : "does not"));
                }
            }
        });
        assertThat(disagreements).as("fix templates/_helpers.tpl, anshin.externalCallers").isEmpty();
    }

    @Test
    void servicesSendOnlyToDnsTheirDatabaseTheIssuerTheirCalleesAndTheCollector() {
        NetworkPolicies policies = policies(Chart.render("everything.yaml"));
        Endpoint dns = Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns"));
        Endpoint mysqlPod = Endpoint.pod("databases", Map.of("app.kubernetes.io/name", "mysql"));
        Endpoint mysqlAddress = Endpoint.address("10.20.0.7");
        Endpoint issuer = Endpoint.address("198.51.100.10");
        Endpoint collector = Endpoint.pod("observability", Map.of("app.kubernetes.io/name", "otel-collector"));
        Map<Endpoint, Integer> providers = Map.of(Endpoint.address("192.0.2.25"), 587, Endpoint.address("192.0.2.81"), 443,
                Endpoint.address("192.0.2.97"), 443);

        for (ServiceModule service : ServiceModule.values()) {
            Endpoint from = pod(service);
            assertThat(policies.allows(from, dns, 53, "UDP")).as(service.module + " DNS").isTrue();
            assertThat(policies.allows(from, dns, 53, "TCP")).isTrue();
            assertThat(policies.allows(from, mysqlPod, 3306)).as(service.module + " MySQL").isTrue();
            assertThat(policies.allows(from, mysqlAddress, 3306)).isTrue();
            assertThat(policies.allows(from, mysqlPod, 22)).isFalse();
            assertThat(policies.allows(from, issuer, 443)).as(service.module + " issuer").isTrue();
            assertThat(policies.allows(from, collector, 4317)).as(service.module + " collector").isTrue();
            providers.forEach((provider, port) -> assertThat(policies.allows(from, provider, port))
                    .as(service.module + " -> provider " + provider.ip()).isEqualTo(service == ServiceModule.NOTIFICATION));
            for (Endpoint elsewhere : List.of(Endpoint.address("8.8.8.8"), Endpoint.address("10.96.0.1"),
                    Endpoint.pod(Chart.NAMESPACE, Map.of("app.kubernetes.io/name", "keycloak")),
                    Endpoint.pod("kube-system", Map.of("k8s-app", "kube-apiserver")))) {
                assertThat(policies.allowsOnSomePort(from, elsewhere)).as(service.module + " -> " + elsewhere).isFalse();
            }
        }

        NetworkPolicies defaults = policies(Chart.render(""));
        for (ServiceModule service : ServiceModule.values()) {
            assertThat(defaults.allows(pod(service), Endpoint.pod(Chart.NAMESPACE, Map.of("app.kubernetes.io/name", "keycloak")), 8080)).isTrue();
            assertThat(defaults.allows(pod(service), Endpoint.pod(Chart.NAMESPACE, Map.of("app.kubernetes.io/name", "mysql")), 3306)).isTrue();
            assertThat(defaults.allows(pod(service), Endpoint.address("192.0.2.25"), 587)).isFalse();
        }
    }

    @Test
    void migrationJobsReachOnlyDnsTheirDatabaseAndTheIssuerAndNothingReachesThem() {
        Rendered rendered = Chart.renderWithHooks("everything.yaml");
        NetworkPolicies policies = policies(rendered);
        for (Job job : rendered.all(Job.class)) {
            Endpoint migrations = Endpoint.pod(Chart.NAMESPACE, job.getSpec().getTemplate().getMetadata().getLabels());
            assertThat(policies.allows(migrations, Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns")), 53, "UDP")).isTrue();
            assertThat(policies.allows(migrations, Endpoint.address("10.20.0.7"), 3306)).isTrue();
            assertThat(policies.allows(migrations, Endpoint.address("198.51.100.10"), 443)).isTrue();
            for (ServiceModule service : ServiceModule.values()) {
                assertThat(policies.allowsOnSomePort(migrations, pod(service))).isFalse();
                assertThat(policies.allowsOnSomePort(pod(service), migrations)).isFalse();
            }
            assertThat(policies.allowsOnSomePort(migrations,
                    Endpoint.pod("observability", Map.of("app.kubernetes.io/name", "otel-collector")))).isFalse();
            Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getPorts()).isNullOrEmpty();
        }
    }

    @Test
    void notificationReachesThePushProviderOnlyWhenPushIsEnabled() {
        Endpoint fcm = Endpoint.address("192.0.2.97");
        Endpoint notification = pod(ServiceModule.NOTIFICATION);
        assertThat(policies(Chart.render("everything.yaml")).allows(notification, fcm, 443)).as("push on").isTrue();

        Rendered pushOff = new Rendered(Chart.template(Chart.DIRECTORY, List.of(Chart.VALUES.resolve("everything.yaml")),
                Map.of("notification.push.enabled", false)));
        NetworkPolicies policies = policies(pushOff);
        assertThat(policies.allowsOnSomePort(notification, fcm)).as("push off: no egress to FCM").isFalse();
        assertThat(policies.allows(notification, Endpoint.address("192.0.2.81"), 443)).as("SMS still").isTrue();
    }
}
