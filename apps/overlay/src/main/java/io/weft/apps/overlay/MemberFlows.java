package io.weft.apps.overlay;

import io.weft.controller.flow.FlowSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The two flows every host of a network holds for each member, the same on all of them: the ARP reply and the
 * forwarding flow to the member's host. A network of N members on H hosts needs about 2N of them but a
 * recompute asks for them N x H times; remembering them, stamped, by a key of plain numbers (cheap to hash,
 * unlike the flow itself) keeps a change to a 500-endpoint network on 10 hosts at a few milliseconds instead of
 * ~100. Two generations bound the memory, as in {@link FlowStamper}. Not thread-safe: one per overlay worker.
 */
final class MemberFlows {
    private record ArpKey(long vni, int ip, long mac) {
    }

    private record RemoteKey(long vni, long mac, int tunnelIp) {
    }

    private final int generationSize;
    private Map<Object, FlowSpec> current = new HashMap<>();
    private Map<Object, FlowSpec> previous = new HashMap<>();

    /** {@code generationSize} 0: nothing is remembered (one-off computations). */
    MemberFlows(int generationSize) {
        this.generationSize = generationSize;
    }

    static MemberFlows uncached() {
        return new MemberFlows(0);
    }

    FlowSpec arpReply(long vni, int ip, long mac) {
        return remembered(new ArpKey(vni, ip, mac), () -> OverlayPipeline.arpReply(vni, ip, mac));
    }

    FlowSpec toRemote(long vni, long mac, int tunnelIp) {
        return remembered(new RemoteKey(vni, mac, tunnelIp), () -> OverlayPipeline.toRemote(vni, mac, tunnelIp));
    }

    private FlowSpec remembered(Object key, Supplier<FlowSpec> unstamped) {
        if (generationSize == 0) {
            return OverlayCookie.stamp(unstamped.get());
        }
        FlowSpec stamped = current.get(key);
        if (stamped != null) {
            return stamped;
        }
        stamped = previous.remove(key);
        if (stamped == null) {
            stamped = OverlayCookie.stamp(unstamped.get());
        }
        if (current.size() >= generationSize) {
            previous = current;
            current = new HashMap<>();
        }
        current.put(key, stamped);
        return stamped;
    }
}
