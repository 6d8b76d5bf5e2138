package io.weft.bench;

import io.weft.controller.OpenFlowConfig;
import io.weft.controller.OpenFlowServer;
import io.weft.controller.SwitchHandle;
import io.weft.controller.SwitchListener;
import io.weft.controller.SwitchRegistry;
import io.weft.controller.WireFormat;
import io.weft.controller.flow.Action;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.FlowTransaction;
import io.weft.controller.flow.Match;
import io.weft.testkit.OvsInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pushes N overlay-like flows into one OVS (dummy datapath) through Weft's flow API, and in the same
 * run the same flows by the raw floor ({@link RawFlowPusher}: pre-encoded flow-mods, one barrier).
 * Rounds alternate between the methods so machine noise hits both alike; prints flows/s and ratios.
 */
@Command(name = "openflow", mixinStandardHelpOptions = true,
        description = "Flow install rate of Weft's OpenFlow API against the raw OVS floor.")
final class OpenFlowPushBenchmark implements Callable<Integer> {
    @Option(names = "--flows", defaultValue = "100000", description = "Flows per round (default: ${DEFAULT-VALUE}).")
    int flows;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds per method (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        List<FlowSpec> specs = flows(flows);
        List<FlowOp> ops = specs.stream().map(FlowOp::add).toList();
        byte[] raw = WireFormat.flowMods(ops);
        byte[] rawBundle = WireFormat.bundle(ops);

        SwitchRegistry registry = new SwitchRegistry();
        CompletableFuture<SwitchHandle> connected = new CompletableFuture<>();
        registry.addListener(new SwitchListener() {
            @Override
            public void switchConnected(SwitchHandle sw) {
                connected.complete(sw);
            }

            @Override
            public void switchDisconnected(SwitchHandle sw) {
            }
        });
        OpenFlowConfig config = OpenFlowConfig.defaults().withListen("127.0.0.1", 0);
        config = new OpenFlowConfig(config.bindAddress(), 0, Duration.ofSeconds(30), Duration.ofSeconds(120),
                Duration.ofSeconds(10), Duration.ofMinutes(5),
                1 << 30); // the benchmark pipelines whole tables: no cap below its own size
        try (OpenFlowServer server = new OpenFlowServer(config, registry);
             RawFlowPusher rawPusher = new RawFlowPusher();
             OvsInstance ovs = OvsInstance.start("bench")) {
            int weftPort = server.start().getPort();
            ovs.addBridge("br-int", "dummy", "tcp:127.0.0.1:" + weftPort, "OpenFlow13,OpenFlow14");
            SwitchHandle sw = connected.get(20, TimeUnit.SECONDS);
            ovs.vsctl("set-controller", "br-int", "tcp:127.0.0.1:" + weftPort, "tcp:127.0.0.1:" + rawPusher.port());
            rawPusher.accept();

            System.out.printf(Locale.ROOT, "flows per round: %d, rounds: %d, OVS dummy datapath, %s%n", flows, rounds,
                    sw.version().ovsName());
            // Warm-up (untimed): JIT-compile the encoder and session paths, and let OVS grow its tables once.
            for (int w = 0; w < 2; w++) {
                clear(ovs);
                rawPusher.pushAndConfirm(raw);
                clear(ovs);
                sw.apply(FlowTransaction.ordered(ops)).get(5, TimeUnit.MINUTES);
                clear(ovs);
                sw.apply(FlowTransaction.atomic(ops)).get(5, TimeUnit.MINUTES);
                clear(ovs);
                rawPusher.pushBundleAndConfirm(rawBundle);
            }
            List<Double> rawRates = new ArrayList<>();
            List<Double> barrierRates = new ArrayList<>();
            List<Double> bundleRates = new ArrayList<>();
            List<Double> rawBundleRates = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                clear(ovs);
                long t0 = System.nanoTime();
                rawPusher.pushAndConfirm(raw);
                rawRates.add(rate(t0));
                verify(ovs, flows);

                clear(ovs);
                t0 = System.nanoTime();
                sw.apply(FlowTransaction.ordered(ops)).get(5, TimeUnit.MINUTES);
                barrierRates.add(rate(t0));
                verify(ovs, flows);

                clear(ovs);
                t0 = System.nanoTime();
                sw.apply(FlowTransaction.atomic(ops)).get(5, TimeUnit.MINUTES);
                bundleRates.add(rate(t0));
                verify(ovs, flows);

                clear(ovs);
                t0 = System.nanoTime();
                rawPusher.pushBundleAndConfirm(rawBundle);
                rawBundleRates.add(rate(t0));
                verify(ovs, flows);
                System.out.printf(Locale.ROOT, "round %d: raw %.0f/s, api barrier %.0f/s, api atomic bundle %.0f/s,"
                        + " raw bundle %.0f/s%n", r + 1, rawRates.get(r), barrierRates.get(r), bundleRates.get(r),
                        rawBundleRates.get(r));
            }
            double rawMedian = median(rawRates);
            double barrierMedian = median(barrierRates);
            double bundleMedian = median(bundleRates);
            double rawBundleMedian = median(rawBundleRates);
            System.out.println();
            System.out.println("| method | flows/s (median) | ratio to raw floor |");
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| raw: pre-encoded flow-mods + 1 barrier | %.0f | 1.00 |%n", rawMedian);
            System.out.printf(Locale.ROOT, "| Weft API, FlowTransaction.ordered (barrier) | %.0f | %.2f |%n",
                    barrierMedian, barrierMedian / rawMedian);
            System.out.printf(Locale.ROOT, "| raw: pre-encoded OF1.4 bundle (open, adds, commit) | %.0f | %.2f |%n",
                    rawBundleMedian, rawBundleMedian / rawMedian);
            System.out.printf(Locale.ROOT, "| Weft API, FlowTransaction.atomic (OF1.4 bundle) | %.0f | %.2f"
                    + " (%.2f of the raw bundle) |%n", bundleMedian, bundleMedian / rawMedian,
                    bundleMedian / rawBundleMedian);
        }
        return 0;
    }

    /** One MAC-forwarding flow per endpoint, spread over networks as the overlay will write them. */
    static List<FlowSpec> flows(int n) {
        List<FlowSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long vni = 256 + (i % 64);
            long mac = 0x020000000000L | i;
            out.add(FlowSpec.builder().table(30).priority(100).cookie(0x5700_0000_0000_0000L | i)
                    .match(Match.builder().metadata(vni).ethDst(mac).build())
                    .actions(Action.setField(Field.TUNNEL_ID, vni),
                            Action.setField(Field.TUNNEL_IPV4_DST, 0xc6120000L | (i % 200)), Action.output(1))
                    .build());
        }
        return out;
    }

    private static void clear(OvsInstance ovs) throws Exception {
        ovs.ofctl("del-flows", "br-int");
    }

    private static void verify(OvsInstance ovs, int expected) throws Exception {
        String stats = ovs.ofctl("dump-aggregate", "br-int");
        if (!stats.contains("flow_count=" + expected)) {
            throw new IllegalStateException("expected " + expected + " flows, switch reports: " + stats.trim());
        }
    }

    private double rate(long startNanos) {
        return flows / ((System.nanoTime() - startNanos) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
