package dev.anshin.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;

/**
 * The chart configures the services with their real configuration keys, as Quarkus reads them from the environment:
 * every variable it sets names a key the service declares (application.properties, its @ConfigMapping and
 * @ConfigProperty declarations) or a run-time key of a Quarkus extension the service uses; and Quarkus, given the
 * service's application.properties and that environment, reads back what the chart set.
 */
class ConfigKeysTest {

    private static final String MODEL = "META-INF/quarkus-config-doc/quarkus-config-model.json";
    private static final Pattern JAR = Pattern.compile("/(quarkus-[a-z0-9-]+?)-\\d[^/]*\\.jar!");

    /** A configuration key of a Quarkus extension: its name ("x.\"name\".y" for a map), phase and extension. */
    record QuarkusKey(String key, String phase, String extension) {
    }

    private static final List<QuarkusKey> QUARKUS_KEYS = new ArrayList<>();

    @BeforeAll
    static void readQuarkusConfigurationModels() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Enumeration<URL> models = ConfigKeysTest.class.getClassLoader().getResources(MODEL);
        while (models.hasMoreElements()) {
            URL model = models.nextElement();
            Matcher jar = JAR.matcher(model.toString());
            if (!jar.find()) {
                continue;
            }
            try (InputStream in = model.openStream()) {
                collect(json.readTree(in), jar.group(1));
            }
        }
        assertThat(QUARKUS_KEYS).extracting(QuarkusKey::extension).contains("quarkus-core", "quarkus-oidc", "quarkus-grpc");
    }

    private static void collect(JsonNode node, String extension) {
        if (node.isObject()) {
            JsonNode path = node.get("path");
            JsonNode phase = node.get("phase");
            if (path != null && phase != null && phase.isTextual()) {
                String key = path.isObject() ? path.path("property").asText() : path.asText();
                QUARKUS_KEYS.add(new QuarkusKey(key, phase.asText(), extension));
            }
            node.elements().forEachRemaining(child -> collect(child, extension));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, extension));
        }
    }

    /** The environment variable a key is read from: non-alphanumerics to "_", upper case; a map key is any name. */
    static Pattern envPattern(String key) {
        StringBuilder regex = new StringBuilder();
        Matcher wildcard = Pattern.compile("\"[^\"]*\"|\\*").matcher(key);
        int last = 0;
        while (wildcard.find()) {
            regex.append(Pattern.quote(envName(key.substring(last, wildcard.start())))).append("[A-Z0-9_]+");
            last = wildcard.end();
        }
        regex.append(Pattern.quote(envName(key.substring(last))));
        return Pattern.compile(regex.toString());
    }

    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** The Quarkus extensions a service runs with: its pom's, the core, and the datasource of its JDBC driver. */
    private static Set<String> extensionsOf(ServiceModule service) {
        Set<String> extensions = new TreeSet<>(service.extensions());
        extensions.add("quarkus-core");
        if (extensions.contains("quarkus-jdbc-mysql")) {
            extensions.add("quarkus-datasource");
            extensions.add("quarkus-agroal");
        }
        return extensions;
    }

    /** Each Deployment and migration Job with the service it runs and its container. */
    private static Map<Container, ServiceModule> containers(String values) {
        Map<Container, ServiceModule> containers = new LinkedHashMap<>();
        for (HasMetadata object : Chart.renderWithHooks(values).objects) {
            String name = object.getMetadata().getLabels().get("app.kubernetes.io/name");
            Optional<ServiceModule> ofService = java.util.Arrays.stream(ServiceModule.values()).filter(s -> s.module.equals(name)).findFirst();
            if (ofService.isEmpty()) {
                continue;
            }
            ServiceModule service = ofService.get();
            if (object instanceof Deployment deployment) {
                containers.put(Rendered.container(deployment), service);
            } else if (object instanceof Job job) {
                containers.put(job.getSpec().getTemplate().getSpec().getContainers().get(0), service);
            }
        }
        assertThat(containers).hasSizeGreaterThanOrEqualTo(ServiceModule.values().length);
        return containers;
    }

    @ParameterizedTest(name = "values {0}")
    @ValueSource(strings = { "", "everything.yaml" })
    void everyVariableTheChartSetsNamesAConfigurationKeyOfItsService(String values) {
        List<String> unknown = new ArrayList<>();
        containers(values).forEach((container, service) -> {
            Set<String> declared = service.declaredKeys();
            Set<String> extensions = extensionsOf(service);
            for (EnvVar env : container.getEnv()) {
                boolean known = declared.stream().anyMatch(key -> envPattern(key).matcher(env.getName()).matches())
                        || QUARKUS_KEYS.stream().filter(k -> extensions.contains(k.extension()))
                                .anyMatch(k -> envPattern(k.key()).matcher(env.getName()).matches());
                if (!known) {
                    unknown.add(service.module + ": " + env.getName());
                }
            }
        });
        assertThat(unknown).as("variables that name no configuration key of their service").isEmpty();
    }

    @ParameterizedTest(name = "values {0}")
    @ValueSource(strings = { "", "everything.yaml" })
    void quarkusKeysTheChartSetsAreReadAtRunTime(String values) {
        List<String> wrong = new ArrayList<>();
        containers(values).forEach((container, service) -> {
            Set<String> extensions = extensionsOf(service);
            for (EnvVar env : container.getEnv()) {
                if (!env.getName().startsWith("QUARKUS_")) {
                    continue;
                }
                List<QuarkusKey> keys = QUARKUS_KEYS.stream().filter(k -> extensions.contains(k.extension()))
                        .filter(k -> envPattern(k.key()).matcher(env.getName()).matches()).toList();
                if (keys.isEmpty()) {
                    wrong.add(service.module + ": " + env.getName() + " is no key of its Quarkus extensions " + extensions);
                } else if (keys.stream().noneMatch(k -> k.phase().equals("RUN_TIME"))) {
                    wrong.add(service.module + ": " + env.getName() + " is fixed at build time " + keys);
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    /** The service's configuration as its packaged jar reads it: application.properties, the environment, profile prod. */
    private static SmallRyeConfig configOf(ServiceModule service, Container container, Class<?>... mappings) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar env : container.getEnv()) {
            environment.put(env.getName(), valueOf(env));
        }
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile("prod")
                .withSources(new PropertiesConfigSource(service.properties(), "application.properties", 250))
                .withSources(new EnvConfigSource(environment, 300));
        for (Class<?> mapping : mappings) {
            builder.withMapping(mapping);
        }
        return builder.build();
    }

    /** A literal value, or what the Secret's key will hold: "secret:<name>/<key>". */
    private static String valueOf(EnvVar env) {
        if (env.getValueFrom() != null) {
            return "secret:" + env.getValueFrom().getSecretKeyRef().getName() + "/" + env.getValueFrom().getSecretKeyRef().getKey();
        }
        return env.getValue();
    }

    @ParameterizedTest(name = "values {0}")
    @ValueSource(strings = { "", "everything.yaml" })
    void eachServiceReadsBackEveryValueTheChartSets(String values) {
        List<String> lost = new ArrayList<>();
        containers(values).forEach((container, service) -> {
            SmallRyeConfig config = configOf(service, container);
            for (EnvVar env : container.getEnv()) {
                Optional<String> key = service.declaredKeys().stream().filter(k -> !k.contains("*"))
                        .filter(k -> envName(k).equals(env.getName())).findFirst();
                if (key.isEmpty()) {
                    continue; // a map entry (the card-number keys: below) or a key of Quarkus alone
                }
                ConfigValue read = config.getConfigValue(key.get());
                if (!valueOf(env).equals(read.getValue())) {
                    lost.add(service.module + ": " + key.get() + " is " + read.getValue() + " (from " + read.getConfigSourceName()
                            + "), the chart set " + env.getName() + "=" + valueOf(env));
                }
            }
        });
        assertThat(lost).isEmpty();
    }

    @Test
    void theServicesReadTheirDatabaseIssuerAndGrpcClientsFromTheChart() {
        Map<Container, ServiceModule> containers = containers("everything.yaml");
        containers.forEach((container, service) -> {
            SmallRyeConfig config = configOf(service, container);
            assertThat(config.getRawValue("quarkus.datasource.jdbc.url")).startsWith("jdbc:mysql://mysql.databases.svc:3306/anshin_");
            assertThat(config.getRawValue("quarkus.datasource.password")).startsWith("secret:anshin-");
            assertThat(config.getRawValue("quarkus.oidc.auth-server-url")).isEqualTo("https://login.anshin.test/realms/anshin");
            assertThat(config.getRawValue("quarkus.log.console.json.enabled")).isEqualTo("false");
            service.grpcClients().forEach((client, callee) -> {
                assertThat(config.getRawValue("quarkus.grpc.clients." + client + ".host")).isEqualTo(callee.objectName() + ".anshin.svc");
                assertThat(config.getRawValue("quarkus.grpc.clients." + client + ".port")).isEqualTo(String.valueOf(callee.httpPort()));
            });
        });
        Container cardControl = containers.entrySet().stream().filter(e -> e.getValue() == ServiceModule.CARD_CONTROL)
                .findFirst().orElseThrow().getKey();
        SmallRyeConfig config = configOf(ServiceModule.CARD_CONTROL, cardControl);
        assertThat(config.getRawValue("quarkus.oidc-client.credentials.secret")).isEqualTo("secret:anshin-card-control-oidc/client-secret");
        // card-control's own client follows the issuer the chart sets (quarkus.oidc-client.auth-server-url=${quarkus.oidc.auth-server-url}).
        assertThat(config.getValue("quarkus.oidc-client.auth-server-url", String.class)).isEqualTo("https://login.anshin.test/realms/anshin");
    }

    /**
     * card-control's CardNumberConfig (anshin.card-numbers), as SmallRye maps it; a copy, since the service's classes
     * are not on this module's path. cardNumberMirrorHasTheServicesKeys keeps the two the same.
     */
    @ConfigMapping(prefix = "anshin.card-numbers")
    interface CardNumbers {
        String activeKeyId();

        Map<String, String> encryptionKeys();

        String lookupKey();

        String securityCodeKey();

        Map<String, String> bins();

        @WithDefault("5")
        int validityYears();
    }

    @Test
    void cardNumberMirrorHasTheServicesKeys() {
        Set<String> service = new TreeSet<>(ServiceModule.CARD_CONTROL.declaredKeys().stream()
                .filter(k -> k.startsWith("anshin.card-numbers.") && (k.endsWith(".*") || !k.matches(".*\\.(encryption-keys|bins)\\..*")))
                .toList());
        assertThat(service).containsExactlyInAnyOrder("anshin.card-numbers.active-key-id", "anshin.card-numbers.encryption-keys.*",
                "anshin.card-numbers.lookup-key", "anshin.card-numbers.security-code-key", "anshin.card-numbers.bins.*",
                "anshin.card-numbers.validity-years");
    }

    @Test
    void cardNumberKeysReachTheMapsOfTheServicesConfigMapping() {
        Container cardControl = Rendered.container(Chart.render("everything.yaml").deployment(ServiceModule.CARD_CONTROL));
        CardNumbers numbers = configOf(ServiceModule.CARD_CONTROL, cardControl, CardNumbers.class).getConfigMapping(CardNumbers.class);

        assertThat(numbers.activeKeyId()).isEqualTo("k2");
        assertThat(numbers.encryptionKeys()).isEqualTo(Map.of("k1", "secret:anshin-card-numbers/encryption-key-k1",
                "k2", "secret:anshin-card-numbers-2026/encryption-key"));
        assertThat(numbers.encryptionKeys()).containsKey(numbers.activeKeyId());
        assertThat(numbers.lookupKey()).isEqualTo("secret:anshin-card-numbers/lookup-key");
        assertThat(numbers.securityCodeKey()).isEqualTo("secret:anshin-card-numbers/security-code-key");
        assertThat(numbers.bins()).isEqualTo(Map.of("visa", "secret:anshin-card-bins/visa", "mastercard",
                "secret:anshin-card-bins/mastercard", "jcb", "secret:anshin-card-bins/jcb", "amex", "secret:anshin-card-bins/amex"));
    }
}
