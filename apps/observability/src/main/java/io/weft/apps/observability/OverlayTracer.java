package io.weft.apps.observability;

import io.weft.apps.overlay.OverlayApp;
import io.weft.apps.overlay.trace.PipelineTracer;
import io.weft.apps.overlay.trace.TraceRequest;
import io.weft.apps.overlay.trace.TraceResult;
import io.weft.apps.rest.Diagnostics;
import io.weft.apps.rest.TraceQuery;
import io.weft.topology.Topology;
import java.util.Objects;

/** {@code GET .../trace}: the overlay's tracer over its desired flows and what the switches confirmed. */
public final class OverlayTracer implements Diagnostics.PacketTracer {
    private final Topology topology;
    private final OverlayApp overlay;

    public OverlayTracer(Topology topology, OverlayApp overlay) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.overlay = Objects.requireNonNull(overlay, "overlay");
    }

    @Override
    public TraceResult trace(TraceQuery q) {
        TraceRequest request = new TraceRequest(q.network(), q.from(), q.to(), q.proto(), q.dport(), q.srcMac(),
                q.srcIp(), q.dstMac(), q.ttl());
        return Inspections.await(overlay.inspect(view ->
                new PipelineTracer(topology.snapshot(), view::desired, view::confirmed).trace(request)));
    }
}
