package dev.anshin.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.gateway.rest.CardResource;

class RouteTemplatesTest {

    private final RouteTemplates routes = RouteTemplates.of(
            List.of("/v1/things", "/v1/things/{id}", "/v1/things/special", "/v1/things/{id: [0-9]+}/parts"));

    @Test
    void aPathIsMeasuredByItsTemplateNeverItself() {
        assertThat(routes.templateOf("/v1/things")).isEqualTo("/v1/things");
        assertThat(routes.templateOf("/v1/things/")).isEqualTo("/v1/things");
        assertThat(routes.templateOf("/v1/things/3f1c9a7e-0000-4000-8000-000000000001")).isEqualTo("/v1/things/{id}");
        assertThat(routes.templateOf("/v1/things/42/parts")).isEqualTo("/v1/things/{id: [0-9]+}/parts");
        assertThat(RouteTemplates.of("/api", List.of(CardResource.class)).templateOf("/api/v1/cards/abc/suspension"))
                .isEqualTo("/api/v1/cards/{cardId}/suspension");
    }

    @Test
    void aLiteralSegmentIsPreferredToAParameterAsJaxRsDoes() {
        assertThat(routes.templateOf("/v1/things/special")).isEqualTo("/v1/things/special");
    }

    @Test
    void aPathUnderNoTemplateIsUnmatchedWhateverItHolds() {
        assertThat(routes.templateOf("/v1/things/abc/parts")).isEqualTo(RouteTemplates.UNMATCHED);
        assertThat(routes.templateOf("/v1/things/1/2")).isEqualTo(RouteTemplates.UNMATCHED);
        assertThat(routes.templateOf("/elsewhere")).isEqualTo(RouteTemplates.UNMATCHED);
    }

    @Test
    void everyCardRouteOfTheGatewayHasItsTemplateReadFromItsAnnotations() {
        assertThat(RouteTemplates.of("/", List.of(CardResource.class)).templates()).containsExactly(
                "/v1/cards",
                "/v1/cards/{cardId}",
                "/v1/cards/{cardId}/activation",
                "/v1/cards/{cardId}/credential-reveals",
                "/v1/cards/{cardId}/loss-reports",
                "/v1/cards/{cardId}/reissues",
                "/v1/cards/{cardId}/suspension",
                "/v1/cards/{cardId}/transitions",
                "/v1/cards/{cardId}/usable-limit");
    }
}
