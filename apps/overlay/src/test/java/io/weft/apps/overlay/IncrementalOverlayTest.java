package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controller.SwitchRegistry;
import io.weft.controller.flow.OfctlFormat;
import io.weft.topology.ConnectionState;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The overlay keeps each host's flows incrementally (recomputing a network's part on some hosts, patching the
 * member flows on the others). Whatever the order and batching of changes, the result must be what a
 * from-scratch computation over the same topology gives ({@link DesiredFlows#of}). Random changes,
 * sometimes several queued while the worker is held so that they are applied as one batch; assertions are on
 * in tests, so every patch is also checked against a recompute inside the overlay. Two routers start with two
 * networks and one network, and networks are attached and detached at random, so route flows are patched and
 * recomputed too.
 */
class IncrementalOverlayTest {
    private static final int HOSTS = 6;
    private static final int NETWORKS = 4;

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    @Test
    void incrementalFlowsEqualAFromScratchComputationAfterEveryRandomBatch() throws Exception {
        for (long seed = 1; seed <= 4; seed++) {
            run(new Random(seed), seed);
        }
    }

    private void run(Random random, long seed) throws Exception {
        Topology topology = Topology.inMemory();
        for (int h = 0; h < HOSTS; h++) {
            // the last host never reports a tunnel IP: members there get no forwarding flow elsewhere
            OptionalInt tunnel = h == HOSTS - 1 ? OptionalInt.empty() : OptionalInt.of(0xc6120000 | (h + 1));
            topology.upsertHost(Host.named("host" + h).withTunnelIp(tunnel).withOvsdb(ConnectionState.CONNECTED)
                    .withDatapathId(Optional.of(String.format("%016x", h + 1))));
        }
        for (int n = 0; n < NETWORKS; n++) {
            topology.createNetwork(NetworkRequest.of("net" + n, "10.0." + n + ".0/24"));
        }
        topology.createRouter("r1");
        topology.createRouter("r2");
        topology.attachNetwork("r1", "net0");
        topology.attachNetwork("r1", "net1");
        topology.attachNetwork("r2", "net2");
        SwitchRegistry registry = new SwitchRegistry();
        OverlayApp overlay = new OverlayApp(topology, registry, (host, id) -> { }, worker);
        overlay.start();
        // Every host's switch: what the reconcilers send must leave on it exactly what a from-scratch computation gives.
        List<FakeSwitch> switches = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            FakeSwitch sw = new FakeSwitch(h + 1);
            switches.add(sw);
            registry.activated(sw);
        }
        overlay.drained().get(10, TimeUnit.SECONDS);
        Changes changes = new Changes(topology, random);
        try {
            for (int step = 0; step < 250; step++) {
                CountDownLatch held = null;
                if (random.nextInt(3) == 0) {
                    CountDownLatch gate = new CountDownLatch(1);
                    worker.execute(() -> {
                        try {
                            gate.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    held = gate;
                }
                int count = held == null ? 1 : 2 + random.nextInt(5);
                for (int i = 0; i < count; i++) {
                    changes.one();
                }
                if (held != null) {
                    held.countDown();
                }
                overlay.drained().get(10, TimeUnit.SECONDS);
                for (int h = 0; h < HOSTS; h++) {
                    String host = "host" + h;
                    HostFlows scratch = DesiredFlows.of(topology.snapshot(), host);
                    assertThat(overlay.flowsOf(host)).as("seed %d step %d %s", seed, step, host)
                            .contains(scratch.render());
                    FakeSwitch sw = switches.get(h);
                    awaitQuiet(overlay);
                    Set<Long> extra = new HashSet<>(sw.flowsByCookie().keySet());
                    extra.removeAll(scratch.flows().keySet());
                    Set<Long> missing = new HashSet<>(scratch.flows().keySet());
                    missing.removeAll(sw.flowsByCookie().keySet());
                    assertThat(extra).as("flows on the switch of %s not desired, seed %d step %d: %s", host, seed, step,
                            extra.stream().map(c -> OfctlFormat.flow(sw.flowsByCookie().get(c))).toList()).isEmpty();
                    assertThat(missing).as("desired flows missing on the switch of %s, seed %d step %d: %s", host,
                            seed, step, missing.stream().map(c -> OfctlFormat.flow(scratch.flows().get(c))).toList())
                            .isEmpty();
                    assertThat(sw.groups()).as("groups of %s, seed %d step %d", host, seed, step)
                            .isEqualTo(scratch.groups());
                }
            }
        } finally {
            overlay.stop();
        }
    }

    /** Waits until the worker has handled the switch's confirmations of everything sent (they hop back onto it). */
    private static void awaitQuiet(OverlayApp overlay) throws Exception {
        for (int i = 0; i < 3; i++) {
            overlay.drained().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * One random change at a time: creations (expected on a host), binds, moves, unbinds, deletions, tunnel moves,
     * and networks attached to or detached from a router.
     */
    private static final class Changes {
        private final Topology topology;
        private final Random random;
        private final List<String> ids = new ArrayList<>();
        private final int[] nextPort = new int[HOSTS];
        private int names;

        Changes(Topology topology, Random random) {
            this.topology = topology;
            this.random = random;
        }

        void one() {
            int kind = random.nextInt(ids.size() < 4 ? 2 : 11);
            if (kind <= 1) {
                String network = "net" + random.nextInt(NETWORKS);
                Endpoint e = topology.createEndpoint(network, EndpointRequest.of("e" + names++, randomHost()));
                ids.add(e.id());
                return;
            }
            String id = ids.get(random.nextInt(ids.size()));
            Endpoint e = topology.endpointById(id).orElseThrow();
            switch (kind) {
                case 2, 3, 4 -> bind(e, e.host()); // plugged where it was expected
                case 5 -> bind(e, randomHost()); // plugged somewhere else (or moved)
                case 6 -> {
                    if (e.binding().isPresent()) {
                        topology.unbindEndpoint(id);
                    }
                }
                case 7, 8 -> {
                    topology.deleteEndpoint(e.network(), id);
                    ids.remove(id);
                }
                case 9 -> toggleRouter();
                default -> {
                    int h = random.nextInt(HOSTS - 1);
                    topology.updateHost("host" + h, x -> x.withTunnelIp(OptionalInt.of(0xc6130000 | random.nextInt(250))));
                }
            }
        }

        private void toggleRouter() {
            String network = "net" + random.nextInt(NETWORKS);
            String router = random.nextBoolean() ? "r1" : "r2";
            var on = topology.routers().stream().filter(r -> r.routes(network)).findFirst();
            if (on.isPresent()) {
                topology.detachNetwork(on.get().name(), network);
            } else {
                topology.attachNetwork(router, network);
            }
        }

        private void bind(Endpoint e, String host) {
            int h = Integer.parseInt(host.substring(4));
            topology.bindEndpoint(e.id(), host, ++nextPort[h]);
        }

        private String randomHost() {
            return "host" + random.nextInt(HOSTS);
        }
    }
}
