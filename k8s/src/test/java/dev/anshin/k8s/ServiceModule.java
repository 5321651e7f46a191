package dev.anshin.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A service of the repository, read from its own files: application.properties (port, gRPC clients, configuration
 * keys), its Java configuration declarations and its pom's Quarkus extensions. The tests' expectations come from
 * here, so that a change in a service that the chart does not follow fails them.
 */
enum ServiceModule {

    GATEWAY("gateway", "gateway"),
    CARD_CONTROL("card-control-service", "cardControl"),
    NOTIFICATION("notification-service", "notification"),
    CONSENT("consent-service", "consent"),
    STATEMENT("statement-service", "statement");

    private static final Pattern GRPC_CLIENT = Pattern.compile("quarkus\\.grpc\\.clients\\.([^.]+)\\.(.+)");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern MAPPING_METHOD = Pattern.compile("(?m)^\\s+([\\w.<>, ?]+?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([a-z][\\w.-]*)(?::[^}]*)?}");
    private static final Pattern EXTENSION = Pattern.compile("<groupId>io\\.quarkus</groupId>\\s*<artifactId>(quarkus-[\\w-]+)</artifactId>");

    /** The module's directory, its image's and its Kubernetes objects' name. */
    final String module;
    /** Its key in the chart's values. */
    final String valuesKey;

    ServiceModule(String module, String valuesKey) {
        this.module = module;
        this.valuesKey = valuesKey;
    }

    Path directory() {
        return Chart.ROOT.resolve(module);
    }

    /** The name of its Deployment, Service, NetworkPolicy... in release "anshin". */
    String objectName() {
        return Chart.RELEASE + "-" + module;
    }

    /** The labels of its pods the chart selects them by. */
    Map<String, String> podLabels() {
        return Map.of("app.kubernetes.io/name", module, "app.kubernetes.io/instance", Chart.RELEASE,
                "app.kubernetes.io/component", "server");
    }

    private static final Map<ServiceModule, Map<String, String>> PROPERTIES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<ServiceModule, Set<String>> DECLARED_KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    /** application.properties as written, every profile's keys included ("%test.x" stays "%test.x"). */
    Map<String, String> properties() {
        return PROPERTIES.computeIfAbsent(this, ServiceModule::readProperties);
    }

    private Map<String, String> readProperties() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(directory().resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new TreeMap<>();
        properties.forEach((k, v) -> map.put((String) k, (String) v));
        return java.util.Collections.unmodifiableMap(map);
    }

    /** The keys of application.properties without their profiles ("%local,test.x" is "x"). */
    Set<String> propertyKeys() {
        Set<String> keys = new TreeSet<>();
        for (String key : properties().keySet()) {
            keys.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        return keys;
    }

    int httpPort() {
        return Integer.parseInt(properties().get("quarkus.http.port"));
    }

    /** Its gRPC clients (quarkus.grpc.clients.<client>.*, any profile) and the service each calls, found by port. */
    Map<String, ServiceModule> grpcClients() {
        Map<String, ServiceModule> clients = new TreeMap<>();
        Map<String, String> properties = properties();
        for (String key : propertyKeys()) {
            Matcher client = GRPC_CLIENT.matcher(key);
            if (client.matches()) {
                String name = client.group(1);
                String port = properties.get("quarkus.grpc.clients." + name + ".port");
                if (port == null) {
                    throw new AssertionError(module + ": gRPC client " + name + " has no quarkus.grpc.clients." + name
                            + ".port; the chart's test finds the service it calls by that port");
                }
                clients.put(name, byPort(Integer.parseInt(port)));
            }
        }
        return clients;
    }

    static ServiceModule byPort(int port) {
        for (ServiceModule service : values()) {
            if (service.httpPort() == port) {
                return service;
            }
        }
        throw new AssertionError("no service listens on " + port + " (quarkus.http.port)");
    }

    /**
     * Every configuration key the service declares itself: application.properties (any profile), its and the
     * service kit's @ConfigMapping interfaces (a Map's keys as "*"), @ConfigProperty names and ${...} expressions.
     */
    Set<String> declaredKeys() {
        return DECLARED_KEYS.computeIfAbsent(this, ServiceModule::readDeclaredKeys);
    }

    private Set<String> readDeclaredKeys() {
        Set<String> keys = new TreeSet<>(propertyKeys());
        for (Path sources : new Path[] { directory().resolve("src/main/java"), Chart.ROOT.resolve("service-kit/src/main/java") }) {
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    keys.addAll(keysOf(Files.readString(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return java.util.Collections.unmodifiableSet(keys);
    }

    private static Set<String> keysOf(String source) {
        Set<String> keys = new TreeSet<>();
        Matcher mapping = CONFIG_MAPPING.matcher(source);
        if (mapping.find()) {
            String prefix = mapping.group(1);
            Matcher method = MAPPING_METHOD.matcher(source.substring(mapping.end()));
            while (method.find()) {
                String key = prefix + "." + kebab(method.group(2));
                keys.add(method.group(1).startsWith("Map<") ? key + ".*" : key);
            }
        }
        Matcher property = CONFIG_PROPERTY.matcher(source);
        while (property.find()) {
            keys.add(property.group(1));
        }
        Matcher expression = EXPRESSION.matcher(source);
        while (expression.find()) {
            keys.add(expression.group(1));
        }
        return keys;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    /** The Quarkus extensions its pom names (io.quarkus:quarkus-*). */
    Set<String> extensions() {
        try {
            Set<String> extensions = new TreeSet<>();
            Matcher extension = EXTENSION.matcher(Files.readString(directory().resolve("pom.xml")));
            while (extension.find()) {
                extensions.add(extension.group(1));
            }
            return extensions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its Dockerfile for the JVM image. */
    Path dockerfile() {
        return directory().resolve("src/main/docker/Dockerfile.jvm");
    }
}
