package dev.anshin.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/** Flyway runs at each service's start by default, or in a pre-install/pre-upgrade Job per service. */
class MigrationsTest {

    @Test
    void byDefaultEachServiceMigratesAtItsStartAndNoJobIsRendered() {
        Rendered rendered = Chart.renderWithHooks("");

        assertThat(rendered.all(Job.class)).isEmpty();
        for (ServiceModule service : ServiceModule.values()) {
            assertThat(service.properties()).containsEntry("quarkus.flyway.migrate-at-start", "true");
            Container container = Rendered.container(rendered.deployment(service));
            assertThat(Rendered.env(container, "QUARKUS_FLYWAY_MIGRATE_AT_START").map(EnvVar::getValue)).contains("true");
        }
    }

    @Test
    void inJobModeAPreInstallAndPreUpgradeHookMigratesAndTheServicesDoNot() {
        Rendered rendered = Chart.renderWithHooks("migrations-job.yaml");

        for (ServiceModule service : ServiceModule.values()) {
            Container server = Rendered.container(rendered.deployment(service));
            assertThat(Rendered.env(server, "QUARKUS_FLYWAY_MIGRATE_AT_START").map(EnvVar::getValue)).as(service.module).contains("false");

            Job job = rendered.get(Job.class, service.objectName() + "-migrations");
            assertThat(job.getMetadata().getAnnotations())
                    .containsEntry(Chart.HOOK, "pre-install,pre-upgrade")
                    .containsEntry(Chart.HOOK + "-weight", "0");
            Container migrations = job.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(migrations.getImage()).isEqualTo(server.getImage());
            assertThat(Rendered.env(migrations, "QUARKUS_FLYWAY_MIGRATE_AT_START").map(EnvVar::getValue)).contains("true");
            assertThat(Rendered.env(migrations, "QUARKUS_INIT_AND_EXIT").map(EnvVar::getValue)).contains("true");
            // The same configuration as the service (card-control refuses to start without its card-number keys).
            assertThat(names(migrations)).containsAll(names(server));
            assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
            assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);

            // Its account and its network policy exist before it: hooks of lower weights.
            NetworkPolicy policy = rendered.get(NetworkPolicy.class, service.objectName() + "-migrations");
            assertThat(policy.getMetadata().getAnnotations()).containsEntry(Chart.HOOK, "pre-install,pre-upgrade")
                    .containsEntry(Chart.HOOK + "-weight", "-5");
            assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                    .isEqualTo(Map.of("app.kubernetes.io/name", service.module, "app.kubernetes.io/instance", Chart.RELEASE,
                            "app.kubernetes.io/component", "migrations"));
        }
        ServiceAccount account = rendered.get(ServiceAccount.class, "anshin-migrations");
        assertThat(account.getMetadata().getAnnotations()).containsEntry(Chart.HOOK, "pre-install,pre-upgrade")
                .containsEntry(Chart.HOOK + "-weight", "-10");
        assertThat(rendered.all(Job.class)).allSatisfy(job ->
                assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("anshin-migrations"));
    }

    private static List<String> names(Container container) {
        return container.getEnv().stream().map(EnvVar::getName).filter(name -> !name.equals("QUARKUS_FLYWAY_MIGRATE_AT_START")).toList();
    }
}
