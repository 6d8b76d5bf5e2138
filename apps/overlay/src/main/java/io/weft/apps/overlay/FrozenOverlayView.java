package io.weft.apps.overlay;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

/**
 * The overlay as it stood at one moment, readable from any thread: each host's part inputs (frozen and shared, so
 * taking them is cheap) and what each switch had confirmed. A host's flows are computed from them on first use, off
 * the overlay's worker: at 30,000 endpoints a host holds some 60,000 flows, and computing them there held back every
 * change for as long as a trace or {@code weft flows} took.
 */
final class FrozenOverlayView implements OverlayView {
    private final Map<String, List<PartInputs>> inputs;
    private final Map<String, LongPredicate> confirmed;
    private final Map<String, HostFlows> computed = new ConcurrentHashMap<>();

    FrozenOverlayView(Map<String, List<PartInputs>> inputs, Map<String, LongPredicate> confirmed) {
        this.inputs = Map.copyOf(inputs);
        this.confirmed = Map.copyOf(confirmed);
    }

    /** A host's flows from its part inputs, without the worker's caches (which only the worker may use). */
    static HostFlows flowsOf(String host, List<PartInputs> parts) {
        return HostFlows.union(OverlayPipeline.baseFlows(), parts.stream()
                .map(p -> p.flowsOn(host, FlowStamper.UNCACHED, MemberFlows.uncached())).toList());
    }

    @Override
    public HostFlows desired(String host) {
        return computed.computeIfAbsent(host, h -> flowsOf(h, inputs.getOrDefault(h, List.of())));
    }

    @Override
    public boolean confirmed(String host, long cookie) {
        LongPredicate switchConfirmed = confirmed.get(host);
        return switchConfirmed != null && switchConfirmed.test(cookie);
    }
}
