package dev.anshin.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;

class ProbesAndShutdownTest {

    /**
     * How long card-control's relay may still run after Quarkus' shutdown wait: OutboxRelay.stop joins the relay for
     * anshin.outbox.delivery-deadline (PT2S) + 5 s, then hands back its claims.
     */
    private static final Duration RELAY_STOP = Duration.ofSeconds(7);

    @Test
    void probesAskQuarkusHealthOnTheServicesOwnPort() {
        Rendered rendered = Chart.render("");
        for (ServiceModule service : ServiceModule.values()) {
            Container container = Rendered.container(rendered.deployment(service));

            assertThat(container.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getContainerPort()).isEqualTo(service.httpPort());
                assertThat(container.getStartupProbe().getHttpGet().getPort().getStrVal()).isEqualTo(port.getName());
            });
            assertThat(path(container.getStartupProbe().getHttpGet())).isEqualTo("/q/health/started");
            assertThat(path(container.getLivenessProbe().getHttpGet())).isEqualTo("/q/health/live");
            assertThat(path(container.getReadinessProbe().getHttpGet())).isEqualTo("/q/health/ready");
            assertThat(container.getLivenessProbe().getHttpGet().getPort()).isEqualTo(container.getStartupProbe().getHttpGet().getPort());
            assertThat(container.getReadinessProbe().getHttpGet().getPort()).isEqualTo(container.getStartupProbe().getHttpGet().getPort());
            // Flyway may migrate before the service is started: the startup probe waits minutes, liveness only then.
            assertThat(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold()).isGreaterThanOrEqualTo(120);
        }
    }

    private static String path(HTTPGetAction get) {
        return get.getPath();
    }

    @Test
    void gracePeriodOutlastsThePreStopPauseQuarkusShutdownTimeoutAndTheRelaysStop() {
        for (String values : Chart.TOGGLE_SETS) {
            for (ServiceModule service : ServiceModule.values()) {
                Deployment deployment = Chart.render(values).deployment(service);
                PodSpec pod = deployment.getSpec().getTemplate().getSpec();
                Container container = Rendered.container(deployment);

                assertThat(container.getLifecycle().getPreStop().getExec().getCommand()).hasSize(2).first().isEqualTo("sleep");
                long preStop = Long.parseLong(container.getLifecycle().getPreStop().getExec().getCommand().get(1));
                Duration timeout = Duration.parse("PT" + Rendered.env(container, "QUARKUS_SHUTDOWN_TIMEOUT").orElseThrow().getValue());

                assertThat(preStop).isPositive();
                assertThat(pod.getTerminationGracePeriodSeconds())
                        .as(service.module + ": preStop %d s + quarkus.shutdown.timeout %s + relay %s", preStop, timeout, RELAY_STOP)
                        .isGreaterThan(preStop + timeout.plus(RELAY_STOP).toSeconds());
            }
        }
    }

    @Test
    void everyServiceWaitsForCallsInFlightWhenItStopsOutsideTheChartToo() {
        for (ServiceModule service : ServiceModule.values()) {
            assertThat(service.properties()).as(service.module).containsKey("quarkus.shutdown.timeout");
        }
    }
}
