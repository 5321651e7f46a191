package dev.anshin.k8s;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** values.schema.json refuses values that are wrong before anything is rendered. */
class SchemaTest {

    private static final String SCHEMA_REFUSAL = "values don't meet the specifications of the schema";

    @Test
    void schemaRefusesAWrongType() {
        assertThatThrownBy(() -> Chart.templateWith(Map.of("gateway.replicas", "two")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("/gateway/replicas");
        assertThatThrownBy(() -> Chart.templateWith(Map.of("ingress.enabled", "yes")))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("/ingress/enabled");
        assertThatThrownBy(() -> Chart.templateWith(Map.of("migrations.mode", "sometimes")))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("/migrations/mode");
    }

    @Test
    void schemaRefusesAnUnknownKey() {
        assertThatThrownBy(() -> Chart.templateWith(Map.of("gateway.replica", "3")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(SCHEMA_REFUSAL)
                .hasMessageContaining("replica");
        assertThatThrownBy(() -> Chart.templateWith(Map.of("cardControl.cardNumbers.lookupKey", "c2VjcmV0")))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("lookupKey");
        assertThatThrownBy(() -> Chart.templateWith(Map.of("databse.host", "mysql")))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("databse");
    }

    @Test
    void schemaRefusesAPeerThatWouldMatchEverything() {
        // An empty peer is every pod of the namespace, or with an empty namespace selector, of the cluster.
        assertThatThrownBy(() -> Chart.templateWithValues("networkPolicy: {externalCallers: {cardNetwork: [{}]}}"))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("cardNetwork");
        assertThatThrownBy(() -> Chart.templateWithValues("networkPolicy: {metricsScraper: [{namespaceLabels: {}}]}"))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("metricsScraper");
        assertThatThrownBy(() -> Chart.templateWith(Map.of("networkPolicy.externalCallers.marketing[0].except[0]", "10.0.0.0/8")))
                .hasMessageContaining(SCHEMA_REFUSAL);
    }

    @Test
    void schemaRefusesAKeyIdTheEnvironmentCouldNotCarry() {
        // Quarkus reads a map key back from an environment variable's name in lower case, without dashes.
        assertThatThrownBy(() -> Chart.templateWith(Map.of("cardControl.cardNumbers.encryptionKeys[0].id", "Key-2026")))
                .hasMessageContaining(SCHEMA_REFUSAL);
    }

    @Test
    void schemaRefusesPushWithoutAProjectOrWithALiteralKey() {
        assertThatThrownBy(() -> Chart.templateWith(Map.of("notification.push.enabled", true)))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("projectId");
        // The service account's key comes from a Secret only: there is no value that could hold it.
        assertThatThrownBy(() -> Chart.templateWith(Map.of("notification.push.serviceAccountKey", "{\"private_key\":\"...\"}")))
                .hasMessageContaining(SCHEMA_REFUSAL).hasMessageContaining("serviceAccountKey");
    }
}
