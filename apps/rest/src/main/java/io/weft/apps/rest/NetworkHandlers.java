package io.weft.apps.rest;

import io.javalin.http.Context;
import io.weft.topology.Network;
import io.weft.topology.Topology;
import java.util.Objects;

/** Handlers of {@code /api/v1/networks} and {@code /api/v1/networks/{network}}. */
final class NetworkHandlers {
    private static final int MAX_REQUESTED_BY = 200;
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
        responses.json(ctx, 201, view(network));
    }

    void list(Context ctx) {
        responses.json(ctx, 200, topology.networks().stream().map(this::view).toList());
    }

    void get(Context ctx) {
        String name = ctx.pathParam("network");
        Network network = topology.network(name).orElseThrow(() -> networkNotFound(name));
        responses.json(ctx, 200, view(network));
    }

    /**
     * {@code ?when=now} (the default) deletes an empty network or refuses with 409; {@code ?when=empty} deletes it
     * now if it is empty, else marks it to go with its last endpoint and answers 202 with the marked network
     * ({@code requestedBy} says who asked, for people reading it later).
     */
    void delete(Context ctx) {
        String name = ctx.pathParam("network");
        String when = ctx.queryParam("when");
        if (when == null || when.equals("now")) {
            // A host's runtime (docker network rm) may only ask for the deletion that waits for the last endpoint.
            RequestGuard.requireAdmin(ctx, "deleting a network at once (a host token may ask for ?when=empty)");
            topology.deleteNetwork(name);
            responses.noContent(ctx);
            return;
        }
        if (!when.equals("empty")) {
            throw ApiProblemException.badRequest("query parameter 'when' must be 'now' or 'empty', got '" + when + "'");
        }
        Topology.NetworkDeletion deletion = topology.deleteNetworkWhenEmpty(name, requestedBy(ctx));
        if (deletion.deferred()) {
            responses.json(ctx, 202, view(deletion.network()));
        } else {
            responses.noContent(ctx);
        }
    }

    private NetworkView view(Network network) {
        return NetworkView.of(network, topology.routerOf(network.name()).map(io.weft.topology.Router::name));
    }

    private static String requestedBy(Context ctx) {
        String requestedBy = ctx.queryParam("requestedBy");
        if (requestedBy == null || requestedBy.isBlank()) {
            return "a deletion through the API";
        }
        if (requestedBy.length() > MAX_REQUESTED_BY || requestedBy.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblemException.badRequest("query parameter 'requestedBy' must be 1 to " + MAX_REQUESTED_BY
                    + " characters without control characters");
        }
        return requestedBy.strip();
    }

    static ApiProblemException networkNotFound(String name) {
        return ApiProblemException.notFound("network '" + name + "' not found");
    }
}
