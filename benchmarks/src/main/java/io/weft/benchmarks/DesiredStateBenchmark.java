package io.weft.benchmarks;

import io.weft.apps.overlay.DesiredFlows;
import io.weft.apps.overlay.HostFlows;
import io.weft.topology.TopologySnapshot;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** Full desired-state computation: every flow and group of 100 hosts with 100 endpoints each. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DesiredStateBenchmark {
    private TopologySnapshot snapshot;

    @Setup
    public void setUp() {
        snapshot = OverlayFixtures.build(100, 10_000).snapshot();
    }

    /** All 100 hosts' flows from scratch (what a cold start computes). */
    @Benchmark
    public void allHosts(Blackhole bh) {
        for (int h = 0; h < 100; h++) {
            HostFlows flows = DesiredFlows.of(snapshot, OverlayFixtures.host(h));
            bh.consume(flows);
        }
    }
}
