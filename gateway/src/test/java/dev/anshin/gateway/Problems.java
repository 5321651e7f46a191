package dev.anshin.gateway;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.ValidatableResponse;

/** What every error of the gateway looks like: RFC 9457 problem+json with a machine-readable code, no stack trace. */
final class Problems {

    private Problems() {
    }

    static ValidatableResponse assertProblem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("type", startsWith("https://anshin.dev/problems/"))
                .body(not(containsString("Exception")));
    }
}
