package io.weft.apps.overlay;

import io.weft.controller.flow.FlowSpec;

/**
 * The two flows every host of a network holds for each member, the same on all of them: the ARP reply and the
 * forwarding flow to the member's host. A network of N members on H hosts needs about 2N of them but a
 * recompute asks for them N x H times; remembering them, stamped, by a key of plain numbers (cheap to hash,
 * unlike the flow itself) keeps that from costing a full flow build and comparison each time. Not thread-safe:
 * one per overlay worker.
 */
final class MemberFlows {
    private record ArpKey(long vni, int ip, long mac) {
    }

    private record RemoteKey(long vni, long mac, int tunnelIp) {
    }

    private final TwoGenerationCache<Object, FlowSpec> stamped;

    /** {@code generationSize} 0: nothing is remembered (one-off computations). */
    MemberFlows(int generationSize) {
        this.stamped = new TwoGenerationCache<>(generationSize);
    }

    static MemberFlows uncached() {
        return new MemberFlows(0);
    }

    FlowSpec arpReply(long vni, int ip, long mac) {
        return stamped.get(new ArpKey(vni, ip, mac),
                k -> OverlayCookie.stamp(ArpResponderRecipes.arpReply(vni, ip, mac)));
    }

    FlowSpec toRemote(long vni, long mac, int tunnelIp) {
        return stamped.get(new RemoteKey(vni, mac, tunnelIp),
                k -> OverlayCookie.stamp(L2ForwardingRecipes.toRemote(vni, mac, tunnelIp)));
    }
}
