package io.weft.apps.overlay;

import io.weft.controller.flow.FlowSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Gives flows their content cookie ({@link OverlayCookie#stamp}), remembering the flows it has stamped. One change
 * recomputes a network's part on every host of the network, and most of those flows (ARP replies, the forwarding
 * flow to a remote endpoint) are the same on every host and the same as before the change: hashing their text
 * again was most of a change's cost. Two generations bound the memory: when the current one is full it becomes
 * the previous one, whose entries move back to the current one as they are used again. Not thread-safe: one per
 * overlay worker.
 */
final class FlowStamper implements UnaryOperator<FlowSpec> {
    /** Stamps every flow afresh; for one-off computations ({@link OverlayPipeline#desiredFor}). */
    static final UnaryOperator<FlowSpec> UNCACHED = OverlayCookie::stamp;

    private final int generationSize;
    private Map<FlowSpec, FlowSpec> current = new HashMap<>();
    private Map<FlowSpec, FlowSpec> previous = new HashMap<>();

    /** {@code generationSize}: flows remembered per generation (a few hundred bytes each). */
    FlowStamper(int generationSize) {
        this.generationSize = generationSize;
    }

    @Override
    public FlowSpec apply(FlowSpec unstamped) {
        FlowSpec stamped = current.get(unstamped);
        if (stamped != null) {
            return stamped;
        }
        stamped = previous.remove(unstamped);
        if (stamped == null) {
            stamped = OverlayCookie.stamp(unstamped);
        }
        if (current.size() >= generationSize) {
            previous = current;
            current = new HashMap<>();
        }
        current.put(unstamped, stamped);
        return stamped;
    }
}
