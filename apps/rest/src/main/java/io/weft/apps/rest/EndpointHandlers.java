package io.weft.apps.rest;

import io.javalin.http.Context;
import io.weft.topology.Endpoint;
import io.weft.topology.Network;
import io.weft.topology.Topology;
import java.util.List;
import java.util.Objects;

/** Handlers of {@code /api/v1/networks/{network}/endpoints} and {@code .../endpoints/{endpoint}}. */
final class EndpointHandlers {
    private final Topology topology;
    private final RequestBodyReader bodies;
    private final ResponseWriter responses;

    EndpointHandlers(Topology topology, RequestBodyReader bodies, ResponseWriter responses) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    void create(Context ctx) {
        String networkName = ctx.pathParam("network");
        // An unknown network is a 404 even when the body is also wrong: the URL is checked first.
        requireNetwork(networkName);
        CreateEndpointBody body = CreateEndpointBody.from(bodies.readObject(ctx));
        RequestGuard.requireHost(ctx, body.host());
        Endpoint endpoint = topology.createEndpoint(networkName, body.toRequest());
        // Read after the creation: now the network cannot be deleted (or replaced) under the new endpoint.
        Network network = requireNetwork(networkName);
        ctx.header("Location", ApiPaths.endpoint(networkName, endpoint.name()));
        responses.json(ctx, 201, view(endpoint, network));
    }

    void list(Context ctx) {
        String networkName = ctx.pathParam("network");
        List<Endpoint> endpoints = topology.endpoints(networkName);
        // A network cannot be deleted while it has endpoints, so it is only missing here if the list was empty.
        Network network = requireNetwork(networkName);
        responses.json(ctx, 200, endpoints.stream().map(e -> view(e, network)).toList());
    }

    void get(Context ctx) {
        String networkName = ctx.pathParam("network");
        Network network = requireNetwork(networkName);
        Endpoint endpoint = requireEndpoint(networkName, ctx.pathParam("endpoint"));
        responses.json(ctx, 200, view(endpoint, network));
    }

    void delete(Context ctx) {
        // A host token may delete only its own host's endpoints; one that is already gone stays a 404 for everyone.
        topology.endpoint(ctx.pathParam("network"), ctx.pathParam("endpoint"))
                .ifPresent(e -> RequestGuard.requireHost(ctx, EndpointView.hostOf(e)));
        topology.deleteEndpoint(ctx.pathParam("network"), ctx.pathParam("endpoint"));
        responses.noContent(ctx);
    }

    /** {@code {"aliases": [...]}}: the names the network's DNS answers for the endpoint besides its own. */
    void setAliases(Context ctx) {
        String networkName = ctx.pathParam("network");
        Endpoint current = topology.endpoint(networkName, ctx.pathParam("endpoint")).orElseThrow(() ->
                ApiProblemException.notFound("endpoint '" + ctx.pathParam("endpoint") + "' not found in network '"
                        + networkName + "'"));
        RequestGuard.requireHost(ctx, EndpointView.hostOf(current));
        JsonFields fields = new JsonFields(bodies.readObject(ctx), java.util.List.of("aliases"));
        Endpoint updated = topology.setEndpointAliases(networkName, current.id(), fields.requiredStrings("aliases"));
        responses.json(ctx, 200, view(updated, requireNetwork(networkName)));
    }

    private EndpointView view(Endpoint endpoint, Network network) {
        return EndpointView.of(endpoint, network, topology.host(EndpointView.hostOf(endpoint)));
    }

    private Network requireNetwork(String name) {
        return topology.network(name).orElseThrow(() -> NetworkHandlers.networkNotFound(name));
    }

    private Endpoint requireEndpoint(String networkName, String nameOrId) {
        return topology.endpoint(networkName, nameOrId).orElseThrow(() -> ApiProblemException.notFound(
                "endpoint '" + nameOrId + "' not found in network '" + networkName + "'"));
    }
}
