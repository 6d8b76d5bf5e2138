package io.weft.apps.rest;

import io.javalin.http.Context;
import io.weft.topology.Network;
import io.weft.topology.Topology;
import java.util.Objects;

/** Handlers of {@code /api/v1/networks} and {@code /api/v1/networks/{network}}. */
final class NetworkHandlers {
    private final Topology topology;
    private final RequestBodyReader bodies;
    private final ResponseWriter responses;

    NetworkHandlers(Topology topology, RequestBodyReader bodies, ResponseWriter responses) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    void create(Context ctx) {
        CreateNetworkBody body = CreateNetworkBody.from(bodies.readObject(ctx));
        Network network = topology.createNetwork(body.toRequest());
        ctx.header("Location", ApiPaths.network(network.name()));
        responses.json(ctx, 201, NetworkView.of(network));
    }

    void list(Context ctx) {
        responses.json(ctx, 200, topology.networks().stream().map(NetworkView::of).toList());
    }

    void get(Context ctx) {
        String name = ctx.pathParam("network");
        Network network = topology.network(name).orElseThrow(() -> networkNotFound(name));
        responses.json(ctx, 200, NetworkView.of(network));
    }

    void delete(Context ctx) {
        topology.deleteNetwork(ctx.pathParam("network"));
        responses.noContent(ctx);
    }

    static ApiProblemException networkNotFound(String name) {
        return ApiProblemException.notFound("network '" + name + "' not found");
    }
}
