package dev.ariel.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the service's route table: a method, a path pattern and the handler that answers it.
 *
 * @param name the route's name in the metrics ({@code ariel_requests_total{route}})
 * @param method the HTTP method it answers ({@code GET} answers {@code HEAD} too)
 * @param pattern the whole raw path; its groups are the handler's path parameters
 * @param handler answers a matched request, returning the status it sent
 */
record Route(String name, String method, Pattern pattern, Handler handler) {

    /** Answers one request that matched a route. */
    @FunctionalInterface
    interface Handler {
        int handle(Call call) throws IOException;
    }

    /**
     * A request matched to its route.
     *
     * @param exchange the JDK's exchange, to answer on
     * @param path the matched groups of the path (group 1 first)
     * @param params the decoded query
     */
    record Call(HttpExchange exchange, List<String> path, Params params) {}

    /** A route over {@code regex}. */
    static Route of(String name, String method, String regex, Handler handler) {
        return new Route(name, method, Pattern.compile(regex), handler);
    }

    boolean answers(String requestMethod) {
        return method.equals(requestMethod) || method.equals("GET") && requestMethod.equals("HEAD");
    }

    /** A route table, matched in order. */
    record Table(List<Route> routes) {
        Table {
            routes = List.copyOf(routes);
        }

        /** The metrics name of the route {@code rawPath} belongs to, whatever the method; {@code other} if none. */
        String nameOf(String rawPath) {
            for (Route r : routes) {
                if (r.pattern.matcher(rawPath).matches()) return r.name;
            }
            return "other";
        }

        /** Answers the request with the route that matches its method and path: 404 for no path, 405 for no method. */
        int dispatch(HttpExchange ex, String rawPath) throws IOException {
            String method = ex.getRequestMethod();
            Set<String> allowed = new LinkedHashSet<>();
            for (Route r : routes) {
                Matcher m = r.pattern.matcher(rawPath);
                if (!m.matches()) continue;
                if (r.answers(method)) {
                    List<String> groups = new ArrayList<>();
                    for (int g = 1; g <= m.groupCount(); g++) groups.add(m.group(g));
                    return r.handler.handle(new Call(ex, groups, Params.of(ex.getRequestURI().getRawQuery())));
                }
                allowed.add(r.method);
            }
            if (allowed.isEmpty()) {
                throw ApiException.notFound("no such path: " + Params.displayPath(rawPath) + " (see docs/serve.md)");
            }
            String allow = String.join(", ", allowed);
            throw new ApiException(405, method + " is not allowed here; use " + allow, Map.of("Allow", allow), null);
        }
    }
}
