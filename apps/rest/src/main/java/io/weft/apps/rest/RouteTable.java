package io.weft.apps.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every route of the API with its handler. Routes are registered here, not straight into Javalin, so that the
 * list exists as data: the OpenAPI test compares it with the document, and a request for a known path with the
 * wrong method can be answered 405 with the right {@code Allow} header.
 */
final class RouteTable {
    private record Guarded(Access access, Handler handler) {
    }

    private final Map<Route, Guarded> handlers = new LinkedHashMap<>();

    /** A read: any valid token. */
    RouteTable get(String path, Handler handler) {
        return add("GET", path, Access.READ, handler);
    }

    RouteTable get(String path, Access access, Handler handler) {
        return add("GET", path, access, handler);
    }

    RouteTable post(String path, Access access, Handler handler) {
        return add("POST", path, access, handler);
    }

    RouteTable put(String path, Access access, Handler handler) {
        return add("PUT", path, access, handler);
    }

    RouteTable delete(String path, Access access, Handler handler) {
        return add("DELETE", path, access, handler);
    }

    private RouteTable add(String method, String path, Access access, Handler handler) {
        Route route = new Route(method, path);
        if (handlers.putIfAbsent(route, new Guarded(access, handler)) != null) {
            throw new IllegalArgumentException("route registered twice: " + method + " " + path);
        }
        return this;
    }

    /** The routes in registration order. */
    List<Route> routes() {
        return List.copyOf(handlers.keySet());
    }

    /** The methods some route accepts at {@code requestPath}, sorted; empty if the path is unknown. */
    Set<String> methodsAt(String requestPath) {
        Set<String> methods = new TreeSet<>();
        for (Route route : handlers.keySet()) {
            if (route.matchesPath(requestPath)) {
                methods.add(route.method());
            }
        }
        return methods;
    }

    /**
     * The template of the route that serves {@code method} on {@code requestPath}, or {@code "unmatched"}: a label
     * for the metrics, which must never carry a raw path (it would hold every endpoint id ever asked for).
     */
    String templateOf(String method, String requestPath) {
        for (Route route : handlers.keySet()) {
            if (route.method().equals(method) && route.matchesPath(requestPath)) {
                return route.path();
            }
        }
        return "unmatched";
    }

    /** Which callers a route serves, for the test that checks every write is guarded. */
    Access accessOf(Route route) {
        return handlers.get(route).access();
    }

    /** Registers every route, each behind {@code guard}'s check of its access. */
    void registerInto(RoutesConfig routes, RequestGuard guard) {
        handlers.forEach((route, guarded) -> routes.addHttpHandler(
                HandlerType.findOrCreate(route.method().toUpperCase(Locale.ROOT)), route.path(), ctx -> {
                    guard.check(ctx, guarded.access());
                    guarded.handler().handle(ctx);
                }));
    }
}
