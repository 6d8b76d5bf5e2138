package io.weft.apps.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;
import io.weft.topology.TopologyException;
import io.weft.topology.store.StateStoreException;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a problem+json response: refusals by this layer and by the topology into 4xx with
 * their message, requests no route matches into 404 or 405, and anything unexpected into a 500 whose detail says
 * nothing about the cause (which goes to the log, with its stack trace).
 */
final class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private final RouteTable routes;
    private final ResponseWriter responses;

    ErrorResponses(RouteTable routes, ResponseWriter responses) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    void registerInto(RoutesConfig config) {
        // Javalin picks the handler of the closest superclass, so the catch-all only sees what nothing else does.
        config.exception(ApiProblemException.class, (e, ctx) -> problem(e, ctx, responses));
        config.exception(TopologyException.class, (e, ctx) -> responses.problem(ctx, statusOf(e), e.getMessage()));
        config.exception(EndpointNotFound.class, (e, ctx) -> noRoute(ctx));
        config.exception(HttpResponseException.class,
                (e, ctx) -> responses.problem(ctx, e.getStatus(), e.getMessage()));
        config.exception(StateStoreException.class, this::storeUnavailable);
        config.exception(Exception.class, this::unexpected);
    }

    /** A refusal the API made itself; a 401 names the scheme the caller must use. */
    static void problem(ApiProblemException e, Context ctx, ResponseWriter responses) {
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"weft\"");
        }
        responses.problem(ctx, e.status(), e.getMessage());
    }

    static int statusOf(TopologyException e) {
        return switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
    }

    private void noRoute(Context ctx) {
        String method = ctx.method().name();
        Set<String> allowed = routes.methodsAt(ctx.path());
        if (allowed.isEmpty()) {
            responses.problem(ctx, 404, "no such resource: " + method + " " + ctx.path());
            return;
        }
        ctx.header("Allow", String.join(", ", allowed));
        responses.problem(ctx, 405, "method " + method + " is not allowed on " + ctx.path() + "; allowed: "
                + String.join(", ", allowed));
    }

    /**
     * The store could not take a write (a full disk, an I/O error): nothing was changed, and the same request may
     * succeed once the cause is gone. Or it could not force staged writes to the disk: then the change may or may
     * not be stored, and only a restart tells. A 503 with the store's reason, not an opaque 500.
     */
    private void storeUnavailable(StateStoreException e, Context ctx) {
        log.warn("{} {} not done: {}", ctx.method().name(), ctx.path(), e.getMessage());
        ctx.header("Retry-After", "5");
        responses.problem(ctx, 503, storeProblemDetail(e));
    }

    static String storeProblemDetail(StateStoreException e) {
        return e.outcomeUnknown()
                ? e.getMessage() + "; this change may or may not be stored: check once the controller is back"
                : e.getMessage() + "; nothing was changed, try again once the cause is fixed";
    }

    private void unexpected(Exception e, Context ctx) {
        log.error("Unexpected failure handling {} {}", ctx.method().name(), ctx.path(), e);
        responses.problem(ctx, 500, "internal error; the controller log has the details");
    }
}
