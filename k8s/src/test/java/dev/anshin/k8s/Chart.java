package dev.anshin.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * The chart, rendered through helm-java (helm's own library, no binary, no cluster) as release "anshin" in namespace
 * "anshin". Each set of values files is rendered once and shared by every test that asks for it.
 */
final class Chart {

    static final Path ROOT = Path.of(System.getProperty("anshin.root", "..")).toAbsolutePath().normalize();
    static final Path DIRECTORY = ROOT.resolve("k8s/anshin");
    static final Path VALUES = ROOT.resolve("k8s/src/test/resources/values");
    static final String RELEASE = "anshin";
    static final String NAMESPACE = "anshin";
    /** The cluster version the chart is rendered for (Chart.yaml: kubeVersion >= 1.27). */
    static final String KUBE_VERSION = "1.30.0";
    /** Hook annotations renamed in the copy that renderWithHooks renders; see there. */
    static final String HOOK = "anshin.test/hook";

    /** Every toggle set the tests render: the defaults, each toggle alone, and all of them at once. */
    static final List<String> TOGGLE_SETS = List.of("", "ingress.yaml", "hpa.yaml", "service-monitor.yaml",
            "migrations-job.yaml", "everything.yaml");

    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();
    private static volatile Path hooksVisibleCopy;

    private Chart() {
    }

    /** The chart rendered with these values files of src/test/resources/values ("" or none: the defaults). */
    static Rendered render(String... valuesFiles) {
        String key = String.join(",", valuesFiles);
        return RENDERED.computeIfAbsent("plain:" + key, k -> new Rendered(template(DIRECTORY, files(valuesFiles), Map.of())));
    }

    /**
     * The chart rendered with its hooks (the migration Jobs, their NetworkPolicies and ServiceAccount) as ordinary
     * objects. helm-java's template prints the release manifest only, never its hooks (unlike the helm CLI), so the
     * test renders a copy of the chart whose "helm.sh/hook" annotations are renamed to {@link #HOOK}: the same
     * templates, the same objects, with their hook annotations readable under that name.
     */
    static Rendered renderWithHooks(String... valuesFiles) {
        String key = String.join(",", valuesFiles);
        return RENDERED.computeIfAbsent("hooks:" + key,
                k -> new Rendered(template(hooksVisibleCopy(), files(valuesFiles), Map.of())));
    }

    /** The rendered manifests, or IllegalStateException with helm's message when rendering fails. */
    static String template(Path chart, List<Path> valuesFiles, Map<String, Object> sets) {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path values : valuesFiles) {
            template = template.withValuesFile(values);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return template.call();
    }

    /** Renders the defaults with --set values; helm's refusal (schema, template fail) as IllegalStateException. */
    static String templateWith(Map<String, Object> sets) {
        return template(DIRECTORY, List.of(), sets);
    }

    /** Renders the defaults with one more values file of this content; helm's refusal as IllegalStateException. */
    static String templateWithValues(String yaml) {
        try {
            Path values = Files.createTempFile("anshin-values", ".yaml");
            try {
                Files.writeString(values, yaml);
                return template(DIRECTORY, List.of(values), Map.of());
            } finally {
                Files.delete(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(String... names) {
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            if (!name.isEmpty()) {
                files.add(VALUES.resolve(name));
            }
        }
        return files;
    }

    private static synchronized Path hooksVisibleCopy() {
        if (hooksVisibleCopy != null) {
            return hooksVisibleCopy;
        }
        try {
            Path copy = Files.createTempDirectory("anshin-chart-hooks").resolve("anshin");
            try (Stream<Path> files = Files.walk(DIRECTORY)) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(DIRECTORY.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else if (source.getParent().endsWith("templates")) {
                        Files.writeString(target, Files.readString(source).replace("helm.sh/hook", HOOK));
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            hooksVisibleCopy = copy;
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
