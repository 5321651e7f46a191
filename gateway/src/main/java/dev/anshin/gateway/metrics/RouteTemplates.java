package dev.anshin.gateway.metrics;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

/**
 * The path templates of the REST resources ({@code /v1/cards/{cardId}/suspension}), read from their JAX-RS
 * annotations, and the template a raw request path falls under. A request is measured by its template, never by its
 * path, which holds card ids; a path under no template is {@link #UNMATCHED}, whatever it was.
 */
final class RouteTemplates {

    static final String UNMATCHED = "UNMATCHED";

    private static final Pattern PARAMETER = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");

    private record Route(String template, Pattern path) {
    }

    private final List<Route> routes;

    private RouteTemplates(List<Route> routes) {
        this.routes = routes;
    }

    /** The templates of these resource classes' methods, under {@code rootPath} (HTTP and REST root paths, usually "/"). */
    static RouteTemplates of(String rootPath, Iterable<Class<?>> resources) {
        Set<String> templates = new LinkedHashSet<>();
        for (Class<?> resource : resources) {
            Path base = resource.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                Path sub = method.getAnnotation(Path.class);
                if (sub == null && !isHttpMethod(method)) {
                    continue;
                }
                templates.add(join(rootPath, base.value(), sub == null ? "" : sub.value()));
            }
        }
        return of(templates);
    }

    /** These templates ({@code /v1/cards/{cardId}}, a parameter possibly with its own expression: {@code {id: [0-9]+}}). */
    static RouteTemplates of(Collection<String> templates) {
        List<Route> ordered = new ArrayList<>();
        for (String template : new LinkedHashSet<>(templates)) {
            ordered.add(new Route(template, Pattern.compile(regex(template))));
        }
        // The most literal first, as JAX-RS prefers /v1/cards/special to /v1/cards/{cardId}.
        ordered.sort(Comparator.comparingInt((Route r) -> -literalLength(r.template)).thenComparing(Route::template));
        return new RouteTemplates(List.copyOf(ordered));
    }

    /** The template {@code path} falls under, or {@link #UNMATCHED}. */
    String templateOf(String path) {
        for (Route route : routes) {
            if (route.path.matcher(path).matches()) {
                return route.template;
            }
        }
        return UNMATCHED;
    }

    /** Every template known, sorted. */
    Set<String> templates() {
        return routes.stream().map(Route::template).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean isHttpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }

    private static String join(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            for (String segment : part.split("/")) {
                if (!segment.isEmpty()) {
                    joined.append('/').append(segment);
                }
            }
        }
        return joined.length() == 0 ? "/" : joined.toString();
    }

    /** The template as a regular expression: each parameter one segment (or its own expression), the rest literal. */
    private static String regex(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(template);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(last, parameter.start())));
            regex.append('(').append(parameter.group(1) != null ? parameter.group(1).trim() : "[^/]+").append(')');
            last = parameter.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return regex + "/?";
    }

    private static int literalLength(String template) {
        return PARAMETER.matcher(template).replaceAll("").length();
    }
}
