package io.weft.apps.rest;

import io.javalin.http.Context;
import io.weft.topology.Host;
import io.weft.topology.Topology;
import java.util.Objects;

/** Handlers of {@code /api/v1/hosts}, {@code /api/v1/hosts/{host}} and the host's flows. */
final class HostHandlers {
    private final Topology topology;
    private final HostFlowsSource flows;
    private final ResponseWriter responses;

    HostHandlers(Topology topology, HostFlowsSource flows, ResponseWriter responses) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.flows = Objects.requireNonNull(flows, "flows");
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    void list(Context ctx) {
        responses.json(ctx, 200, topology.hosts().stream().map(HostView::of).toList());
    }

    void get(Context ctx) {
        responses.json(ctx, 200, HostView.of(requireHost(ctx.pathParam("host"))));
    }

    /** A known host without flows (not programmed yet, or no overlay running) answers an empty text. */
    void flows(Context ctx) {
        Host host = requireHost(ctx.pathParam("host"));
        responses.text(ctx, flows.flowsOf(host.name()).orElse(""));
    }

    private Host requireHost(String name) {
        return topology.host(name).orElseThrow(() -> ApiProblemException.notFound("host '" + name + "' not found"));
    }
}
