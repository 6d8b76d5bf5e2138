package io.weft.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Time to first ping for one system on fresh netdev hosts: untimed warm-up endpoints, then timed ones
 * one at a time, spread over the hosts; then, if asked, the restart probe of the dummy benchmark
 * ({@link RestartProbe}: a control round, then a controller restart) while host 0's anchor pings host 1's
 * every 10 ms.
 */
final class PingRun {
    private final SystemUnderTest system;
    private final int hostCount;
    private final int endpoints;
    private final int warmup;
    private final boolean restart;
    private final int background;
    private boolean recycle;

    PingRun(SystemUnderTest system, int hostCount, int endpoints, int warmup, boolean restart, int background) {
        this.background = background;
        this.system = system;
        this.hostCount = hostCount;
        this.endpoints = endpoints;
        this.warmup = warmup;
        this.restart = restart;
    }

    /** Each warm-up and timed container is removed after its sample ({@link NetdevBed#recycleContainers}). */
    PingRun recycling(boolean recycle) {
        this.recycle = recycle;
        return this;
    }

    PingResult run() throws Exception {
        try (NetdevBed bed = NetdevBed.start(system, hostCount)) {
            if (recycle) {
                bed.recycleContainers();
            }
            int first = hostCount; // endpoints 0..hostCount-1 are the anchors
            if (background > 0) {
                bed.addBackground(background);
            }
            for (int i = first; i < first + warmup; i++) {
                bed.firstPing(i);
            }
            List<Double> apiToPing = new ArrayList<>();
            List<Double> plugToPing = new ArrayList<>();
            List<Double> apiToReady = new ArrayList<>();
            List<Double> plugToReady = new ArrayList<>();
            List<Double> readyToPing = new ArrayList<>();
            List<String> timed = new ArrayList<>();
            for (int i = first + warmup; i < first + warmup + endpoints; i++) {
                NetdevBed.Sample s = bed.firstPing(i);
                apiToPing.add(s.apiToFirstPingMs());
                plugToPing.add(s.plugToFirstPingMs());
                apiToReady.add(s.apiToReadyMs());
                plugToReady.add(s.plugToReadyMs());
                readyToPing.add(s.readyToFirstPingMs());
                timed.add(s.ifaceId());
            }
            Map<String, SystemUnderTest.PortTiming> timings = system.portTimings();
            List<SystemUnderTest.PortTiming> ofTimed = timed.stream().filter(timings::containsKey).map(timings::get)
                    .toList();
            Testbed.log("%s: %d first pings timed", system.name(), endpoints);
            RestartResult restartResult = null;
            ContinuousPing.Outcome pings = null;
            if (restart) {
                try (ContinuousPing ping = bed.pingBetweenAnchors()) {
                    Thread.sleep(1000);
                    restartResult = new RestartProbe(system, bed.host(0).ovs(), bed.watch(0))
                            .run(1, first + warmup + endpoints);
                    Thread.sleep(1000);
                    pings = ping.stop();
                }
                Testbed.log("%s: restart: %d pings, %d lost %s", system.name(), pings.sent(), pings.lost().size(),
                        pings.lost().subList(0, Math.min(20, pings.lost().size())));
            }
            return new PingResult(system.name(), hostCount, background, new Latencies(apiToPing), new Latencies(plugToPing),
                    new Latencies(apiToReady), new Latencies(plugToReady), new Latencies(readyToPing),
                    new Latencies(ofTimed.stream().map(SystemUnderTest.PortTiming::totalMs).toList()),
                    new Latencies(ofTimed.stream().map(SystemUnderTest.PortTiming::ownMs).toList()), restartResult, pings);
        }
    }
}
