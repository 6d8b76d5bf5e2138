package io.weft.benchmarks;

import io.weft.apps.overlay.OverlayApp;
import io.weft.controller.SwitchRegistry;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Topology;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one endpoint change with 1k and 10k endpoints already there: create and bind an
 * endpoint in one 100-endpoint network, let the overlay recompute incrementally, then remove it
 * (so the size stays put). Includes the topology's own work and the overlay worker's, end to end in
 * process (no switches connected, so nothing is sent). Flat across sizes is the goal.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EndpointChangeBenchmark {
    @Param({"1000", "10000"})
    public int endpoints;

    private Topology topology;
    private OverlayApp overlay;
    private ScheduledExecutorService worker;
    private int counter;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        topology = OverlayFixtures.build(100, endpoints);
        worker = Executors.newSingleThreadScheduledExecutor();
        overlay = new OverlayApp(topology, new SwitchRegistry(), (host, id) -> { }, worker);
        overlay.start();
        overlay.drained().get();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        overlay.stop();
        worker.shutdownNow();
    }

    @Benchmark
    public void addBindAndRemoveOneEndpoint() throws Exception {
        String name = "bench" + (counter++);
        Endpoint e = topology.createEndpoint(OverlayFixtures.network(0), EndpointRequest.of(name,
                OverlayFixtures.host(0)));
        topology.bindEndpoint(e.id(), OverlayFixtures.host(0), 60_000);
        overlay.drained().get();
        topology.deleteEndpoint(OverlayFixtures.network(0), e.id());
        overlay.drained().get();
    }
}
