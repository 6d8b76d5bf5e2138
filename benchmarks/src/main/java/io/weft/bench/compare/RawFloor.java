package io.weft.bench.compare;

import io.weft.controller.WireFormat;
import io.weft.controller.flow.Action;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.Match;
import io.weft.bench.RawFlowPusher;
import io.weft.testkit.OvsInstance;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw OVS floor for flow installation, in the same run: N overlay-like flows pre-encoded, written back
 * to back on one OpenFlow connection to a fresh OVS (dummy datapath), then one barrier (as in `bench openflow`).
 */
final class RawFloor {
    private RawFloor() {
    }

    /** Median flows/s over {@code rounds} pushes of {@code flows} flows (after one untimed push). */
    static double flowsPerSecond(int flows, int rounds) throws Exception {
        byte[] encoded = WireFormat.flowMods(overlayLikeFlows(flows).stream().map(FlowOp::add).toList());
        try (RawFlowPusher pusher = new RawFlowPusher(); OvsInstance ovs = OvsInstance.start("floor")) {
            ovs.addBridge("br-int", "dummy", "tcp:127.0.0.1:" + pusher.port(), "OpenFlow13,OpenFlow14");
            pusher.accept();
            pusher.pushAndConfirm(encoded);
            List<Double> rates = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                ovs.ofctl("del-flows", "br-int");
                long t0 = System.nanoTime();
                pusher.pushAndConfirm(encoded);
                rates.add(flows / ((System.nanoTime() - t0) / 1e9));
                long installed = FlowTables.flowCount(ovs);
                if (installed != flows) {
                    throw new IllegalStateException("raw floor: " + installed + " flows installed, not " + flows);
                }
            }
            rates.sort(Double::compare);
            return rates.get(rates.size() / 2);
        }
    }

    /** One MAC-forwarding flow per endpoint: network metadata and destination MAC, set tunnel id and peer. */
    private static List<FlowSpec> overlayLikeFlows(int n) {
        List<FlowSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long vni = 256 + (i % 64);
            out.add(FlowSpec.builder().table(30).priority(100).cookie(0x5700_0000_0000_0000L | i)
                    .match(Match.builder().metadata(vni).ethDst(0x020000000000L | i).build())
                    .actions(Action.setField(Field.TUNNEL_ID, vni),
                            Action.setField(Field.TUNNEL_IPV4_DST, 0xc6120000L | (i % 200)), Action.output(1))
                    .build());
        }
        return out;
    }
}
