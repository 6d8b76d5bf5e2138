package io.weft.apps.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.weft.topology.Router;
import io.weft.topology.Topology;
import java.util.List;
import java.util.Objects;

/** Handlers of {@code /api/v1/routers}, a router, and its networks ({@code PUT} attaches, {@code DELETE} detaches). */
final class RouterHandlers {
    private static final List<String> FIELDS = List.of("name");
    private final Topology topology;
    private final RequestBodyReader bodies;
    private final ResponseWriter responses;

    RouterHandlers(Topology topology, RequestBodyReader bodies, ResponseWriter responses) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    void create(Context ctx) {
        ObjectNode json = bodies.readObject(ctx);
        Router router = topology.createRouter(new JsonFields(json, FIELDS).requiredString("name"));
        ctx.header("Location", ApiPaths.router(router.name()));
        responses.json(ctx, 201, RouterView.of(router));
    }

    void list(Context ctx) {
        responses.json(ctx, 200, topology.routers().stream().map(RouterView::of).toList());
    }

    void get(Context ctx) {
        String name = ctx.pathParam("router");
        Router router = topology.router(name).orElseThrow(() -> ApiProblemException.notFound("router '" + name
                + "' not found"));
        responses.json(ctx, 200, RouterView.of(router));
    }

    void delete(Context ctx) {
        topology.deleteRouter(ctx.pathParam("router"));
        responses.noContent(ctx);
    }

    /** Idempotent: attaching a network that is already on the router answers 200 with the router unchanged. */
    void attach(Context ctx) {
        responses.json(ctx, 200, RouterView.of(topology.attachNetwork(ctx.pathParam("router"),
                ctx.pathParam("network"))));
    }

    void detach(Context ctx) {
        responses.json(ctx, 200, RouterView.of(topology.detachNetwork(ctx.pathParam("router"),
                ctx.pathParam("network"))));
    }
}
