package io.weft.bench.compare;

import io.weft.testkit.OvsInstance;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Restarts the controller that programs host 0 and watches that host's flow table while it comes
 * back. The probe endpoint goes into a network of its own created just before, so that its flows
 * should only add to the table. A control round first does exactly the same without the restart:
 * whatever it changes is the probe's doing, and the restart round's changes beyond that are the restart's.
 */
final class RestartProbe {
    private static final long QUIET_MS = 2000;

    private final SystemUnderTest system;
    private final OvsInstance host;
    private final InterfaceWatch watch;

    /** What one round did to host 0's flow table. */
    private record Round(long flowsBefore, long apiUp, long ready, long lastEvent, int added, int deleted,
                         int modified, int readded, long maxGap, int changed) {
    }

    RestartProbe(SystemUnderTest system, OvsInstance host, InterfaceWatch watch) {
        this.system = system;
        this.host = host;
        this.watch = watch;
    }

    /** Uses networks {@code firstNetwork} and the next one, endpoints {@code firstIndex} and the next one. */
    RestartResult run(int firstNetwork, int firstIndex) throws Exception {
        Round control = round(false, firstNetwork, firstIndex);
        Round restart = round(true, firstNetwork + 1, firstIndex + 1);
        return new RestartResult(restart.flowsBefore(), ms(restart.apiUp()), ms(restart.ready()),
                ms(restart.lastEvent()), restart.added(), restart.deleted(), restart.modified(), restart.readded(),
                ms(restart.maxGap()), restart.changed(), control.deleted(), control.changed(),
                FlowTables.replaceFlowsFloorMs(host, 3));
    }

    private Round round(boolean restart, int network, int index) throws Exception {
        system.createNetwork(network);
        system.settle();
        Set<String> before = FlowTables.dump(host);
        List<FlowWatch.FlowEvent> events;
        long t0;
        long apiUp;
        long ready;
        try (FlowWatch flows = FlowWatch.start(host, "br-int")) {
            flows.awaitQuiet(500, 10_000); // let the initial dump pass
            t0 = System.nanoTime();
            if (restart) {
                system.restartController(0);
            }
            apiUp = System.nanoTime();
            String id = system.createEndpoint(network, 0, index);
            Testbed.plug(host, "e" + index, id);
            ready = watch.ready(id).get(300, TimeUnit.SECONDS);
            flows.awaitQuiet(QUIET_MS, 120_000);
            events = flows.events();
            if (flows.wasPaused()) {
                Testbed.log("%s: WARNING: OVS paused the flow monitor; flow event counts are lower bounds",
                        system.name());
            }
        }
        Set<String> after = FlowTables.dump(host);
        Set<String> changed = new HashSet<>(before);
        changed.removeAll(after);
        if (restart) {
            reportChanged(changed, after);
        }

        int added = 0;
        int deleted = 0;
        int modified = 0;
        int readded = 0;
        long maxGap = 0;
        long last = t0;
        Map<String, Long> deletedAt = new HashMap<>();
        for (FlowWatch.FlowEvent e : events) {
            if (e.nanos() < t0) {
                continue;
            }
            last = Math.max(last, e.nanos());
            switch (e.kind()) {
                case "ADDED" -> {
                    added++;
                    Long gone = deletedAt.remove(e.flow());
                    if (gone != null) {
                        readded++;
                        maxGap = Math.max(maxGap, e.nanos() - gone);
                    }
                }
                case "DELETED" -> {
                    deleted++;
                    deletedAt.putIfAbsent(e.flow(), e.nanos());
                }
                case "MODIFIED" -> modified++;
                default -> {
                }
            }
        }
        return new Round(before.size(), apiUp - t0, ready - t0, last - t0, added, deleted, modified, readded, maxGap,
                changed.size());
    }

    /** Shows a few flows the restart changed, each with what is there now under the same match, if anything. */
    private void reportChanged(Set<String> changed, Set<String> after) {
        changed.stream().sorted().limit(3).forEach(f -> {
            String match = f.substring(0, Math.max(0, f.indexOf(" actions=")));
            String now = after.stream().filter(g -> g.startsWith(match + " actions=")).findFirst().orElse("(gone)");
            Testbed.log("%s: restart changed flow %s%n    now: %s", system.name(), f, now);
        });
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
