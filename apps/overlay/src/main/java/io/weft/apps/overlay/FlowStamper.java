package io.weft.apps.overlay;

import io.weft.controller.flow.FlowSpec;
import java.util.function.UnaryOperator;

/**
 * Gives flows their content cookie ({@link OverlayCookie#stamp}), remembering the flows it has stamped. One change
 * recomputes a network's part on every host of the network, and most of those flows (ARP replies, the forwarding
 * flow to a remote endpoint) are the same on every host and the same as before the change: hashing their text
 * again was most of a change's cost. Not thread-safe: one per overlay worker.
 */
final class FlowStamper implements UnaryOperator<FlowSpec> {
    /** Stamps every flow afresh; for one-off computations ({@link DesiredFlows#of}). */
    static final UnaryOperator<FlowSpec> UNCACHED = OverlayCookie::stamp;

    private final TwoGenerationCache<FlowSpec, FlowSpec> stamped;

    /** {@code generationSize}: flows remembered per generation (a few hundred bytes each). */
    FlowStamper(int generationSize) {
        this.stamped = new TwoGenerationCache<>(generationSize);
    }

    @Override
    public FlowSpec apply(FlowSpec unstamped) {
        return stamped.get(unstamped, OverlayCookie::stamp);
    }
}
