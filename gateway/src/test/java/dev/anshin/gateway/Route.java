package dev.anshin.gateway;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every route on one card, with a valid body and the login it needs (the table in gateway/README.md). Tests walk it
 * so that a rule "on every route" is checked on every route, including routes added later.
 */
enum Route {
    GET_CARD("GET", "/v1/cards/{id}", null, false, null),
    TRANSITIONS("GET", "/v1/cards/{id}/transitions", null, false, null),
    SUSPEND("POST", "/v1/cards/{id}/suspension", null, true, null),
    RESUME("DELETE", "/v1/cards/{id}/suspension", null, true, null),
    REPORT_LOSS("POST", "/v1/cards/{id}/loss-reports", "{\"kind\":\"LOST\"}", true, null),
    REISSUE("POST", "/v1/cards/{id}/reissues", "{\"reason\":\"DAMAGED\"}", true, null),
    ACTIVATE("POST", "/v1/cards/{id}/activation", null, true, null),
    SET_USABLE_LIMIT("PUT", "/v1/cards/{id}/usable-limit", "{\"amount\":100000}", true, "900"),
    REVEAL_CREDENTIALS("POST", "/v1/cards/{id}/credential-reveals", null, true, "300");

    final String method;
    final String path;
    final String body;
    final boolean twoStep;
    /** RFC 9470 max_age in seconds the route asks for, or null when any two-step login will do. */
    final String maxAge;

    Route(String method, String path, String body, boolean twoStep, String maxAge) {
        this.method = method;
        this.path = path;
        this.body = body;
        this.twoStep = twoStep;
        this.maxAge = maxAge;
    }

    Response send(RequestSpecification request, String cardId) {
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.when().request(method, path, cardId);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
