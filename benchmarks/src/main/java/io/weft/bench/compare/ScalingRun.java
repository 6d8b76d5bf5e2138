package io.weft.bench.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The cost of one more endpoint as the system grows: endpoints are loaded in bulk up to each level, then
 * a few are added one at a time and timed like time to ready. The probes stay (a level is "at least").
 */
final class ScalingRun {
    /** At {@code existing} endpoints: the timed additions, and flows per host then. */
    record Point(int existing, Latencies apiToReady, Latencies plugToReady, double meanFlowsPerHost) {
    }

    private final SystemUnderTest system;
    private final int hostCount;
    private final int networks;
    private final List<Integer> levels;
    private final int probes;
    private final boolean restart;
    private final boolean unplugged;
    private RestartResult restartResult;

    /** {@code restart}: after the last level, restart the controller as {@link RestartProbe} does. */
    /** {@code unplugged}: the existing endpoints are loaded with {@link Testbed#addUnplugged}, not all plugged. */
    ScalingRun(SystemUnderTest system, int hostCount, int networks, List<Integer> levels, int probes,
               boolean restart, boolean unplugged) {
        this.unplugged = unplugged;
        this.restart = restart;
        this.system = system;
        this.hostCount = hostCount;
        this.networks = networks;
        this.levels = List.copyOf(levels);
        this.probes = probes;
    }

    List<Point> run() throws Exception {
        List<Point> points = new ArrayList<>();
        try (Testbed bed = Testbed.start(system, hostCount, networks)) {
            int existing = 0;
            for (int level : levels) {
                if (level > existing) {
                    if (unplugged) {
                        bed.addUnplugged(existing, level, 3600);
                    } else {
                        bed.addMany(existing, level, 3600);
                    }
                    existing = level;
                }
                system.settle();
                List<Double> apiToReady = new ArrayList<>();
                List<Double> plugToReady = new ArrayList<>();
                for (int k = 0; k < probes; k++) {
                    Testbed.Sample s = bed.addOne(existing++);
                    apiToReady.add(s.apiToReadyMs());
                    plugToReady.add(s.plugToReadyMs());
                }
                double flows = FlowTables.count(bed.hosts()).meanFlows();
                Testbed.log("%s: at %d endpoints, one more: p50 %.1f ms", system.name(), level,
                        new Latencies(apiToReady).p50());
                points.add(new Point(level, new Latencies(apiToReady), new Latencies(plugToReady), flows));
            }
            if (restart) {
                // The restart question is about a host with ~100k flows: the top level is where one is.
                restartResult = new RestartProbe(system, bed.hosts().get(0), bed.watch(0)).run(networks, existing);
            }
        }
        return points;
    }

    /** The restart at the top level, or null if none was asked for (or {@link #run} has not run). */
    RestartResult restartResult() {
        return restartResult;
    }
}
