package dev.anshin.gateway.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Every request to the member API, counted by route (its path template, e.g. {@code /v1/cards/{cardId}/suspension},
 * never the path, which holds card ids), method and the status answered: {@code anshin_gateway_requests_total{method,
 * route, status}}. Counted on a Vert.x route that runs before anything can answer, so refusals that never reach a
 * resource (413 for a body over the limit, 404 for an unknown path) count too; {@code /q/*} (health, metrics) does not.
 */
@ApplicationScoped
public class RequestMeters {

    static final String REQUESTS = "anshin.gateway.requests";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final MeterRegistry registry;
    private final RouteTemplates routes;
    private final String operationsPrefix;

    public RequestMeters(MeterRegistry registry, BeanManager beans,
            @ConfigProperty(name = "quarkus.http.root-path", defaultValue = "/") String rootPath,
            @ConfigProperty(name = "quarkus.rest.path", defaultValue = "/") String restPath,
            @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q") String operationsPath) {
        this.registry = registry;
        List<Class<?>> resources = new ArrayList<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            if (bean.getBeanClass().isAnnotationPresent(Path.class)) {
                resources.add(bean.getBeanClass());
            }
        }
        this.routes = RouteTemplates.of(rootPath + "/" + restPath, resources);
        String operations = (operationsPath.startsWith("/") ? "" : rootPath + "/") + operationsPath + "/";
        this.operationsPrefix = operations.replaceAll("/{2,}", "/");
    }

    /** Just before the body size limit ({@code BodySizeLimit}), so that its 413s are counted too. */
    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::measure);
    }

    private void measure(RoutingContext context) {
        String path = context.normalizedPath();
        if (!path.startsWith(operationsPrefix)) {
            String method = context.request().method().name();
            context.addEndHandler(ended -> count(method, path, context.response().getStatusCode()));
        }
        context.next();
    }

    private void count(String method, String path, int status) {
        Counter.builder(REQUESTS)
                .description("Requests to the member API by route (path template), method and status answered")
                .tag("method", METHODS.contains(method) ? method : "OTHER")
                .tag("route", routes.templateOf(path))
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
    }
}
