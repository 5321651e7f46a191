package dev.anshin.gateway;

import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.kit.auth.StepUpRequirement;
import io.grpc.MethodDescriptor;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every route on one card, with a valid body and the RPC it calls. The login a route needs is not written here: it
 * is the step-up the RPC's contract declares ({@code option (anshin.common.v1.step_up)}), the table card-control
 * enforces too, so the gateway's tests hold its routes to the same table. Tests walk it so that a rule "on every
 * route" is checked on every route, including routes added later.
 */
enum Route {
    GET_CARD("GET", "/v1/cards/{id}", null, CardControlServiceGrpc.getGetCardMethod()),
    TRANSITIONS("GET", "/v1/cards/{id}/transitions", null, CardControlServiceGrpc.getListCardTransitionsMethod()),
    SUSPEND("POST", "/v1/cards/{id}/suspension", null, CardControlServiceGrpc.getSuspendCardMethod()),
    RESUME("DELETE", "/v1/cards/{id}/suspension", null, CardControlServiceGrpc.getResumeCardMethod()),
    REPORT_LOSS("POST", "/v1/cards/{id}/loss-reports", "{\"kind\":\"LOST\"}", CardControlServiceGrpc.getReportLossMethod()),
    REISSUE("POST", "/v1/cards/{id}/reissues", "{\"reason\":\"DAMAGED\"}", CardControlServiceGrpc.getRequestReissueMethod()),
    ACTIVATE("POST", "/v1/cards/{id}/activation", null, CardControlServiceGrpc.getActivateCardMethod()),
    SET_USABLE_LIMIT("PUT", "/v1/cards/{id}/usable-limit", "{\"amount\":100000}", CardControlServiceGrpc.getSetUsableLimitMethod()),
    REVEAL_CREDENTIALS("POST", "/v1/cards/{id}/credential-reveals", null, CardControlServiceGrpc.getRevealCardCredentialsMethod());

    final String method;
    final String path;
    final String body;
    /** The RPC the route calls. */
    final MethodDescriptor<?, ?> rpc;
    /** Whether the RPC's contract asks for a two-step sign-in. */
    final boolean twoStep;
    /** RFC 9470 max_age in seconds the contract asks for, or null when any two-step login will do. */
    final String maxAge;

    Route(String method, String path, String body, MethodDescriptor<?, ?> rpc) {
        this.method = method;
        this.path = path;
        this.body = body;
        this.rpc = rpc;
        StepUpRequirement stepUp = StepUpRequirement.of(rpc);
        if (stepUp != null && !"two-step".equals(stepUp.acr())) {
            throw new IllegalStateException(rpc.getFullMethodName() + " asks for acr " + stepUp.acr()
                    + ", which no route of the gateway asks for");
        }
        this.twoStep = stepUp != null;
        this.maxAge = stepUp != null && stepUp.maxAge() != null ? Long.toString(stepUp.maxAge().toSeconds()) : null;
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
