package dev.anshin.k8s;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/** One rendering of the chart: its text, and every object read strictly as its kind. */
final class Rendered {

    final String yaml;
    final List<HasMetadata> objects;

    Rendered(String yaml) {
        this.yaml = yaml;
        this.objects = StrictKubernetesYaml.readAll(yaml);
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
        return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name + " rendered"));
    }

    Deployment deployment(ServiceModule service) {
        return get(Deployment.class, service.objectName());
    }

    NetworkPolicy networkPolicy(ServiceModule service) {
        return get(NetworkPolicy.class, service.objectName());
    }

    /** The pod specs of every Deployment and Job. */
    List<PodSpec> podSpecs() {
        return objects.stream().map(o -> {
            if (o instanceof Deployment d) {
                return d.getSpec().getTemplate().getSpec();
            }
            if (o instanceof Job j) {
                return j.getSpec().getTemplate().getSpec();
            }
            return null;
        }).filter(s -> s != null).toList();
    }

    static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(deployment.getMetadata().getName() + " has " + containers.size() + " containers");
        }
        return containers.get(0);
    }

    static Optional<EnvVar> env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }
}
