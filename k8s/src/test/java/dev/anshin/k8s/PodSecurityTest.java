package dev.anshin.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;

/** Every pod the chart runs (services and migration Jobs), with every toggle, is locked down. */
class PodSecurityTest {

    static Stream<String> toggleSets() {
        return Chart.TOGGLE_SETS.stream();
    }

    private static List<PodSpec> pods(String values) {
        List<PodSpec> pods = Chart.renderWithHooks(values).podSpecs();
        assertThat(pods).isNotEmpty();
        return pods;
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("toggleSets")
    void everyPodRunsAsNonRootWithTheRuntimeDefaultSeccompProfile(String values) {
        for (PodSpec pod : pods(values)) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L);
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        }
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("toggleSets")
    void everyContainerHasAReadOnlyRootNoCapabilitiesAndNoPrivilegeEscalation(String values) {
        for (PodSpec pod : pods(values)) {
            assertThat(pod.getInitContainers()).isNullOrEmpty();
            for (Container container : pod.getContainers()) {
                SecurityContext security = container.getSecurityContext();
                assertThat(security.getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
                assertThat(security.getPrivileged()).as(container.getName()).isFalse();
                assertThat(security.getRunAsNonRoot()).as(container.getName()).isTrue();
                assertThat(security.getCapabilities().getDrop()).as(container.getName()).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(container.getName()).isNullOrEmpty();
                assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            }
        }
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("toggleSets")
    void tmpIsAWritableEmptyDirBecauseTheRootFilesystemIsReadOnly(String values) {
        for (PodSpec pod : pods(values)) {
            assertThat(pod.getVolumes()).singleElement().satisfies(volume -> {
                assertThat(volume.getName()).isEqualTo("tmp");
                assertThat(volume.getEmptyDir()).isNotNull();
                assertThat(volume.getEmptyDir().getSizeLimit()).isNotNull();
            });
            for (Container container : pod.getContainers()) {
                assertThat(container.getVolumeMounts()).singleElement().satisfies(mount -> {
                    assertThat(mount.getName()).isEqualTo("tmp");
                    assertThat(mount.getMountPath()).isEqualTo("/tmp");
                });
            }
        }
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("toggleSets")
    void noPodGetsAServiceAccountTokenOrServiceLinks(String values) {
        for (PodSpec pod : pods(values)) {
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            // Kubernetes' <SERVICE>_PORT variables would be read by Quarkus as configuration (ANSHIN_..._PORT).
            assertThat(pod.getEnableServiceLinks()).isFalse();
            assertThat(pod.getHostNetwork()).isNull();
            assertThat(pod.getHostPID()).isNull();
        }
        for (ServiceAccount account : Chart.renderWithHooks(values).all(ServiceAccount.class)) {
            assertThat(account.getAutomountServiceAccountToken()).as(account.getMetadata().getName()).isFalse();
        }
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("toggleSets")
    void everyContainerRequestsAndLimitsCpuAndMemory(String values) {
        for (PodSpec pod : pods(values)) {
            for (Container container : pod.getContainers()) {
                assertThat(container.getResources().getRequests()).as(container.getName()).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(container.getName()).containsKeys("cpu", "memory");
            }
        }
    }
}
