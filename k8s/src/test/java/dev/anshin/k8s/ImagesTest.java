package dev.anshin.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;

class ImagesTest {

    @Test
    void theChartsAppVersionIsTheProjectsVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>anshin-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Chart.ROOT.resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        assertThat(Files.readString(Chart.DIRECTORY.resolve("Chart.yaml"))).contains("appVersion: \"" + version.group(1) + "\"");
    }

    @Test
    void anImageIsRegistryRepositoryAndTagOrDigest() {
        for (ServiceModule service : ServiceModule.values()) {
            assertThat(Rendered.container(Chart.render("").deployment(service)).getImage())
                    .isEqualTo("registry.invalid/anshin/" + service.module + ":1.0.0-SNAPSHOT");
        }
        Rendered everything = Chart.render("everything.yaml");
        assertThat(Rendered.container(everything.deployment(ServiceModule.GATEWAY)).getImage())
                .isEqualTo("registry.anshin.test:5000/anshin/gateway@sha256:" + "1".repeat(64));
        assertThat(Rendered.container(everything.deployment(ServiceModule.CARD_CONTROL)).getImage())
                .isEqualTo("registry.anshin.test:5000/anshin/card-control-service:1.0.0");
        Container consent = Rendered.container(everything.deployment(ServiceModule.CONSENT));
        assertThat(consent.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(everything.deployment(ServiceModule.CONSENT).getSpec().getTemplate().getSpec().getImagePullSecrets())
                .singleElement().satisfies(secret -> assertThat(secret.getName()).isEqualTo("anshin-registry"));
    }

    @Test
    void everyServiceHasAJvmDockerfileRunningItsFastJarAsTheChartsUser() throws IOException {
        for (ServiceModule service : ServiceModule.values()) {
            String dockerfile = Files.readString(service.dockerfile());

            assertThat(dockerfile).as(service.module)
                    .containsPattern("(?m)^FROM registry\\.access\\.redhat\\.com/ubi8/openjdk-17:")
                    .contains("COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/")
                    .contains("COPY --chown=185 target/quarkus-app/*.jar /deployments/")
                    .contains("COPY --chown=185 target/quarkus-app/app/ /deployments/app/")
                    .contains("COPY --chown=185 target/quarkus-app/quarkus/ /deployments/quarkus/")
                    .contains("ENV JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"")
                    .containsPattern("(?m)^EXPOSE " + service.httpPort() + "$")
                    // The pods' runAsUser: a numeric user, so that runAsNonRoot can be checked by the kubelet.
                    .containsPattern("(?m)^USER 185$");
        }
    }
}
