package dev.anshin.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/** The chart renders with its defaults and with every toggle, into objects that are Kubernetes objects of their kind. */
class RenderingTest {

    static Stream<String> toggleSets() {
        return Chart.TOGGLE_SETS.stream();
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("toggleSets")
    void everyRenderedObjectIsAnObjectOfItsKindWithNoUnknownField(String values) {
        // Rendering reads every object strictly (StrictKubernetesYaml): an unknown kind or field fails here.
        for (Rendered rendered : List.of(Chart.render(values), Chart.renderWithHooks(values))) {
            assertThat(rendered.objects).isNotEmpty();
            for (HasMetadata object : rendered.objects) {
                assertThat(object.getMetadata().getName()).as(object.getKind()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
                assertThat(object.getMetadata().getLabels()).as(object.getKind() + " " + object.getMetadata().getName())
                        .containsEntry("app.kubernetes.io/part-of", "anshin")
                        .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
            }
        }
    }

    @Test
    void anUnknownFieldAtAnyDepthIsRefused() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          %s
                """;
        StrictKubernetesYaml.read(deployment.formatted("imagePullPolicy: Always"));

        assertThatThrownBy(() -> StrictKubernetesYaml.read(deployment.formatted("imagePullPolcy: Always")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imagePullPolcy");
        assertThatThrownBy(() -> StrictKubernetesYaml.read("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"))
                .hasMessageContaining("v1/ConfigMap");
    }

    @Test
    void defaultsRenderEachServicesObjectsAndTheDefaultDeny() {
        Rendered rendered = Chart.render("");

        for (ServiceModule service : ServiceModule.values()) {
            for (Class<? extends HasMetadata> kind : List.of(ServiceAccount.class, Deployment.class, Service.class,
                    NetworkPolicy.class, PodDisruptionBudget.class)) {
                assertThat(rendered.find(kind, service.objectName())).as(kind.getSimpleName() + " " + service.objectName()).isPresent();
            }
        }
        assertThat(rendered.find(NetworkPolicy.class, "anshin-default-deny")).isPresent();
        assertThat(rendered.all(Ingress.class)).isEmpty();
        assertThat(rendered.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(rendered.all(ServiceMonitor.class)).isEmpty();
        assertThat(rendered.objects).hasSize(5 * ServiceModule.values().length + 1);
    }

    @Test
    void theIngressRoutesOnlyTheApiToTheGateway() {
        Ingress ingress = Chart.render("ingress.yaml").get(Ingress.class, ServiceModule.GATEWAY.objectName());

        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("api.anshin.test");
            List<HTTPIngressPath> paths = rule.getHttp().getPaths();
            assertThat(paths).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo("/v1");
                assertThat(path.getPathType()).isEqualTo("Prefix");
                assertThat(path.getBackend().getService().getName()).isEqualTo(ServiceModule.GATEWAY.objectName());
            });
        });
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> assertThat(tls.getSecretName()).isEqualTo("anshin-api-tls"));
    }

    @Test
    void anAutoscaledServiceLeavesItsReplicasToTheAutoscaler() {
        Rendered rendered = Chart.render("hpa.yaml");

        for (ServiceModule service : ServiceModule.values()) {
            HorizontalPodAutoscaler hpa = rendered.get(HorizontalPodAutoscaler.class, service.objectName());
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(service.objectName());
            assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
            assertThat(rendered.deployment(service).getSpec().getReplicas()).as(service.module).isNull();
        }
        assertThat(rendered.get(HorizontalPodAutoscaler.class, ServiceModule.CARD_CONTROL.objectName()).getSpec().getMaxReplicas()).isEqualTo(8);
        assertThat(Chart.render("").deployment(ServiceModule.GATEWAY).getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void podsCarryScrapeAnnotationsUnlessServiceMonitorsAreRendered() {
        Rendered annotated = Chart.render("");
        Rendered monitored = Chart.render("service-monitor.yaml");

        for (ServiceModule service : ServiceModule.values()) {
            assertThat(annotated.deployment(service).getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/q/metrics")
                    .containsEntry("prometheus.io/port", String.valueOf(service.httpPort()));
            assertThat(monitored.deployment(service).getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
            ServiceMonitor monitor = monitored.get(ServiceMonitor.class, service.objectName());
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
            assertThat(monitor.getSpec().getSelector().getMatchLabels()).isEqualTo(service.podLabels());
            assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
                assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
                Service target = monitored.get(Service.class, service.objectName());
                assertThat(target.getSpec().getPorts()).anySatisfy(port -> assertThat(port.getName()).isEqualTo(endpoint.getPort()));
                assertThat(target.getMetadata().getLabels()).containsAllEntriesOf(Map.copyOf(service.podLabels()));
            });
        }
    }
}
