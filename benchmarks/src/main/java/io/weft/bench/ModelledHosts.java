package io.weft.bench;

import io.weft.apps.overlay.OverlayApp;
import io.weft.controller.SwitchRegistry;
import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import io.weft.topology.Topology;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Hosts whose switches are {@link CountingSwitch}es, for benchmarks of an in-process overlay. */
final class ModelledHosts {
    private ModelledHosts() {
    }

    /** Hosts host0..host(N-1), tunnel IPs 10.200.x.y, each with a connected switch counting the ops sent to it. */
    static void add(Topology topology, SwitchRegistry switches, int count, AtomicLong ops) {
        for (int h = 0; h < count; h++) {
            topology.upsertHost(Host.named("host" + h)
                    .withTunnelIp(OptionalInt.of(Ipv4.parse("10.200." + (h / 250) + "." + (h % 250 + 1))))
                    .withDatapathId(Optional.of(String.format("%016x", h + 1L))));
            switches.activated(new CountingSwitch(h + 1L, ops));
        }
    }

    /**
     * Waits until the overlay is done: its worker has run everything queued and no switch was sent anything more
     * meanwhile (a send's confirmation queues more work on the worker after {@code drained()} was asked for).
     */
    static void settle(OverlayApp overlay, AtomicLong ops) throws Exception {
        long seen;
        do {
            seen = ops.get();
            overlay.drained().get(10, TimeUnit.MINUTES);
            overlay.drained().get(10, TimeUnit.MINUTES);
        } while (ops.get() != seen);
    }
}
