package dev.anshin.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;

/** The chart holds no secret value: every secret reaches a pod as a reference to a key of an existing Secret. */
class SecretsTest {

    /** The chart's rule for names that hold secrets (anshin.secretLooking in _helpers.tpl). */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)((^|[._-])(password|passwd|secret|credentials?|private|keys)([._-]|$))|((^|[._-])(key|token)$)");

    @Test
    void everySecretTheServicesNeedComesFromASecretKeyReference() {
        Rendered rendered = Chart.render("everything.yaml");
        for (ServiceModule service : ServiceModule.values()) {
            Container container = Rendered.container(rendered.deployment(service));
            assertSecretRef(container, "QUARKUS_DATASOURCE_PASSWORD", "anshin-" + service.module.replace("-service", "") + "-db", "password");
        }
        Container cardControl = Rendered.container(rendered.deployment(ServiceModule.CARD_CONTROL));
        assertSecretRef(cardControl, "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", "anshin-card-control-oidc", "client-secret");
        assertSecretRef(cardControl, "ANSHIN_CARD_NUMBERS_ENCRYPTION_KEYS_K1", "anshin-card-numbers", "encryption-key-k1");
        assertSecretRef(cardControl, "ANSHIN_CARD_NUMBERS_ENCRYPTION_KEYS_K2", "anshin-card-numbers-2026", "encryption-key");
        assertSecretRef(cardControl, "ANSHIN_CARD_NUMBERS_LOOKUP_KEY", "anshin-card-numbers", "lookup-key");
        assertSecretRef(cardControl, "ANSHIN_CARD_NUMBERS_SECURITY_CODE_KEY", "anshin-card-numbers", "security-code-key");
        for (String brand : List.of("visa", "mastercard", "jcb", "amex")) {
            assertSecretRef(cardControl, "ANSHIN_CARD_NUMBERS_BINS_" + brand.toUpperCase(), "anshin-card-bins", brand);
        }
        assertThat(Rendered.env(cardControl, "ANSHIN_CARD_NUMBERS_ACTIVE_KEY_ID").orElseThrow().getValue()).isEqualTo("k2");
        Container notification = Rendered.container(rendered.deployment(ServiceModule.NOTIFICATION));
        assertSecretRef(notification, "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", "anshin-notification-oidc", "client-secret");
        assertSecretRef(notification, "ANSHIN_PUSH_SERVICE_ACCOUNT_KEY", "anshin-notification-fcm", "service-account.json");
        assertThat(Rendered.env(notification, "ANSHIN_PUSH_PROJECT_ID").orElseThrow().getValue()).isEqualTo("anshin-prod");
        Container consent = Rendered.container(rendered.deployment(ServiceModule.CONSENT));
        assertSecretRef(consent, "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", "anshin-consent-oidc", "client-secret");
        assertThat(Rendered.env(consent, "QUARKUS_OIDC_CLIENT_CLIENT_ID").orElseThrow().getValue()).isEqualTo("consent");
    }

    @Test
    void pushOffPassesNoPushCredentials() {
        Container notification = Rendered.container(Chart.render("").deployment(ServiceModule.NOTIFICATION));
        assertThat(Rendered.env(notification, "ANSHIN_PUSH_ENABLED").orElseThrow().getValue()).isEqualTo("false");
        assertThat(Rendered.env(notification, "ANSHIN_PUSH_SERVICE_ACCOUNT_KEY")).isEmpty();
    }

    private static void assertSecretRef(Container container, String name, String secret, String key) {
        EnvVar env = Rendered.env(container, name).orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
        assertThat(env.getValue()).as(name).isNull();
        assertThat(env.getValueFrom().getSecretKeyRef().getName()).as(name).isEqualTo(secret);
        assertThat(env.getValueFrom().getSecretKeyRef().getKey()).as(name).isEqualTo(key);
        assertThat(env.getValueFrom().getSecretKeyRef().getOptional()).as(name).isNull();
    }

    @Test
    void noRenderedObjectHoldsALiteralSecret() throws IOException {
        List<String> knownSecrets = new ArrayList<>(localSecrets());
        assertThat(knownSecrets).hasSizeGreaterThan(5);
        for (String values : Chart.TOGGLE_SETS) {
            Rendered rendered = Chart.renderWithHooks(values);
            assertThat(rendered.yaml).doesNotContainPattern("(?m)^kind:\\s*(Secret|ConfigMap)\\s*$");
            for (String secret : knownSecrets) {
                assertThat(rendered.yaml).as("values " + values).doesNotContain(secret);
            }
            for (PodSpec pod : rendered.podSpecs()) {
                for (Container container : pod.getContainers()) {
                    for (EnvVar env : container.getEnv()) {
                        if (SECRET_NAME.matcher(env.getName()).find()) {
                            assertThat(env.getValue()).as(env.getName() + " of " + container.getName()).isNull();
                            assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
                        }
                    }
                }
            }
        }
    }

    /** The demo and test secrets the repository does hold: the realm's client secrets, the local card-number keys. */
    private static List<String> localSecrets() throws IOException {
        List<String> secrets = new ArrayList<>();
        Matcher clientSecret = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(Files.readString(Chart.ROOT.resolve("gateway/keycloak/anshin-realm.json")));
        while (clientSecret.find()) {
            secrets.add(clientSecret.group(1));
        }
        for (Map.Entry<String, String> property : ServiceModule.CARD_CONTROL.properties().entrySet()) {
            if (property.getKey().matches("%.*anshin\\.card-numbers\\.(encryption-keys\\..*|lookup-key|security-code-key)")) {
                secrets.add(property.getValue());
            }
        }
        return secrets;
    }

    @Test
    void aLiteralSecretInExtraEnvironmentIsRefused() {
        assertThatThrownBy(() -> Chart.templateWith(Map.of("cardControl.extraEnv[0].name", "QUARKUS_DATASOURCE_PASSWORD",
                "cardControl.extraEnv[0].value", "hunter2")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("looks like a secret");
        assertThatThrownBy(() -> Chart.templateWith(Map.of("global.extraEnv[0].name", "ANSHIN_CARD_NUMBERS_LOOKUP_KEY",
                "global.extraEnv[0].value", "c2VjcmV0")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("looks like a secret");
        // The same names from a Secret are fine.
        assertThat(Chart.templateWith(Map.of("cardControl.extraEnv[0].name", "QUARKUS_DATASOURCE_PASSWORD",
                "cardControl.extraEnv[0].valueFrom.secretKeyRef.name", "other-db",
                "cardControl.extraEnv[0].valueFrom.secretKeyRef.key", "password"))).contains("other-db");
    }

    @Test
    void aSecretLookingSettingIsRefused() {
        assertThatThrownBy(() -> Chart.templateWith(Map.of("gateway.settings.quarkus\\.datasource\\.password", "hunter2")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("looks like a secret");
        assertThatThrownBy(() -> Chart.templateWith(Map.of("cardControl.settings.anshin\\.card-numbers\\.lookup-key", "c2VjcmV0")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("looks like a secret");
    }

    @Test
    void theActiveCardNumberKeyMustBeOneOfTheEncryptionKeys() {
        assertThatThrownBy(() -> Chart.templateWith(Map.of("cardControl.cardNumbers.activeKeyId", "k9")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("names no key");
    }
}
