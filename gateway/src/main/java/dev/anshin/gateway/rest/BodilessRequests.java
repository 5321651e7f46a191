package dev.anshin.gateway.rest;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * A POST or PUT that sends no body at all usually sends no Content-Type either. JAX-RS would answer 415 ("must be
 * application/json") where the honest answer is 400 "a JSON body is required": such a request is read as an empty JSON
 * body, which the routes that need one refuse with that problem.
 */
public class BodilessRequests {

    @ServerRequestFilter(preMatching = true)
    public void readAsEmptyJson(ContainerRequestContext request) {
        String method = request.getMethod();
        if ((HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method))
                && request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null && declaresNoBody(request)) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }

    private static boolean declaresNoBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return length != null ? "0".equals(length.trim()) : request.getHeaderString("Transfer-Encoding") == null;
    }
}
