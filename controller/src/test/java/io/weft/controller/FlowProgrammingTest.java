package io.weft.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.controller.flow.Action;
import io.weft.controller.flow.CookieMask;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.FlowTransaction;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.Instructions;
import io.weft.controller.flow.Match;
import io.weft.controller.flow.OfctlFormat;
import io.weft.controller.flow.PortNumber;
import io.weft.controller.flow.TableId;
import io.weft.controller.flow.Values;
import io.weft.testkit.OvsInstance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Programs flows and groups through the API into a real ovs-vswitchd and checks them with the switch's
 * own tools: ovs-ofctl dump-flows/dump-groups for what is installed, ofproto/trace for what it does.
 */
class FlowProgrammingTest {
    private static final long MAC_A = Values.parseMac("02:42:0a:00:00:01");
    private static final long MAC_B = Values.parseMac("02:42:0a:00:00:02");
    private static final int IP_A = Values.parseIpv4("10.0.0.1");
    private static final long WEFT_COOKIE = 0x5700_0000_0000_0000L;
    private static final long WEFT_MASK = 0xff00_0000_0000_0000L;

    private static RunningController controller;
    private static OvsInstance ovs;
    private static SwitchHandle sw;

    @BeforeAll
    static void start() throws Exception {
        controller = new RunningController();
        ovs = OvsInstance.start("flows");
        ovs.addBridge("br-int", "dummy", controller.target(), "OpenFlow13,OpenFlow14");
        for (int p = 1; p <= 3; p++) {
            ovs.vsctl("add-port", "br-int", "p" + p, "--", "set", "Interface", "p" + p, "type=dummy",
                    "ofport_request=" + p);
        }
        sw = controller.events.awaitConnected();
    }

    @AfterAll
    static void stop() throws Exception {
        ovs.close();
        controller.close();
    }

    @BeforeEach
    void clean() throws Exception {
        ovs.ofctl("del-flows", "br-int");
        ovs.ofctl("del-groups", "br-int");
    }

    /** A small overlay-like pipeline that uses every kind of match, action and instruction. */
    private static List<FlowSpec> pipeline() {
        long vni = 0x100;
        return List.of(
                FlowSpec.builder().table(0).priority(100).cookie(WEFT_COOKIE | 1)
                        .match(Match.builder().inPort(1).build())
                        .instructions(Instructions.gotoTable(TableId.of(10)).thenWriteMetadata(vni, 0xffffff)
                                .thenGoto(TableId.of(10)))
                        .build(),
                FlowSpec.builder().table(0).priority(0).cookie(WEFT_COOKIE | 2).build(),
                FlowSpec.builder().table(10).priority(200).cookie(WEFT_COOKIE | 3)
                        .match(Match.builder().metadata(vni, 0xffffff).arpOp(1).arpTpa(IP_A).build())
                        .actions(Action.Move.whole(Field.ETH_SRC, Field.ETH_DST),
                                Action.setField(Field.ETH_SRC, MAC_A),
                                Action.setField(Field.ARP_OP, 2),
                                Action.Move.whole(Field.ARP_SHA, Field.ARP_THA),
                                Action.Move.whole(Field.ARP_SPA, Field.ARP_TPA),
                                Action.setField(Field.ARP_SHA, MAC_A),
                                Action.setField(Field.ARP_SPA, IP_A & 0xffffffffL),
                                Action.output(PortNumber.IN_PORT))
                        .build(),
                FlowSpec.builder().table(10).priority(100).cookie(WEFT_COOKIE | 4)
                        .match(Match.builder().metadata(vni, 0xffffff).ethDst(MAC_B).build())
                        .actions(Action.output(2))
                        .build(),
                FlowSpec.builder().table(10).priority(90).cookie(WEFT_COOKIE | 5)
                        .match(Match.builder().metadata(vni, 0xffffff).ethDst(0x010000000000L, 0x010000000000L)
                                .build())
                        .actions(Action.group(7))
                        .build(),
                FlowSpec.builder().table(10).priority(80).cookie(WEFT_COOKIE | 6)
                        .match(Match.builder().metadata(vni, 0xffffff).build())
                        .actions(Action.setField(Field.TUNNEL_ID, vni),
                                Action.setField(Field.TUNNEL_IPV4_DST, Values.parseIpv4("198.18.0.2") & 0xffffffffL),
                                Action.output(3), new Action.Resubmit(TableId.of(20)))
                        .build(),
                FlowSpec.builder().table(20).priority(10).cookie(WEFT_COOKIE | 7)
                        .match(Match.builder().ipv4Src(Values.parseIpv4("10.0.0.9")).build())
                        .build(),
                FlowSpec.builder().table(20).priority(20).cookie(WEFT_COOKIE | 8)
                        .match(Match.builder().ipv4Dst(Values.parseIpv4("10.20.0.5")).build())
                        .actions(Action.decNwTtl(), Action.setField(Field.ETH_DST, MAC_B), Action.output(2))
                        .build(),
                FlowSpec.builder().table(20).priority(30).cookie(WEFT_COOKIE | 9)
                        .match(Match.builder().ethDst(MAC_A).ipv4Dst(Values.parseIpv4("10.0.0.1")).udpDst(53).build())
                        .actions(Action.output(PortNumber.CONTROLLER))
                        .build());
    }

    private static GroupSpec floodGroup() {
        return GroupSpec.all(7, List.of(List.of(Action.output(2)), List.of(Action.output(3))));
    }

    private static FlowTransaction install(FlowTransaction.Confirmation confirmation) {
        List<FlowOp> ops = new ArrayList<>();
        ops.add(FlowOp.addGroup(floodGroup()));
        pipeline().forEach(f -> ops.add(FlowOp.add(f)));
        return new FlowTransaction(ops, confirmation);
    }

    @Test
    void installedFlowsAndGroupsReadBackExactlyAsFormatted() throws Exception {
        sw.apply(install(FlowTransaction.Confirmation.ATOMIC_BUNDLE)).get(10, TimeUnit.SECONDS);

        List<String> expected = pipeline().stream().map(OfctlFormat::flow).toList();
        assertThat(dumpFlows()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(dumpGroups()).containsExactly(OfctlFormat.group(floodGroup()));
    }

    @Test
    void barrierConfirmedTransactionInstallsTheSame() throws Exception {
        sw.apply(install(FlowTransaction.Confirmation.BARRIER)).get(10, TimeUnit.SECONDS);
        assertThat(dumpFlows()).hasSize(pipeline().size());
    }

    @Test
    void switchForwardsAsTheSpecsSay() throws Exception {
        sw.apply(install(FlowTransaction.Confirmation.ATOMIC_BUNDLE)).get(10, TimeUnit.SECONDS);

        String unicast = trace("in_port=1,dl_src=02:42:0a:00:00:01,dl_dst=02:42:0a:00:00:02");
        assertThat(unicast).contains("output:2").doesNotContain("group:7");

        String broadcast = trace("in_port=1,dl_src=02:42:0a:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff");
        assertThat(broadcast).contains("group:7").contains("bucket 0").contains("bucket 1");

        String tunnel = trace("in_port=1,dl_src=02:42:0a:00:00:01,dl_dst=02:42:0a:00:00:99");
        assertThat(tunnel).contains("set_field:0x100->tun_id").contains("output:3").contains("resubmit(,20)");

        String arp = trace("in_port=1,arp,dl_src=02:42:0a:00:00:02,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,"
                + "arp_spa=10.0.0.2,arp_tpa=10.0.0.1,arp_sha=02:42:0a:00:00:02");
        String finalFlow = line(arp, "Final flow:");
        assertThat(finalFlow).contains("dl_src=02:42:0a:00:00:01", "dl_dst=02:42:0a:00:00:02", "arp_op=2",
                "arp_spa=10.0.0.1", "arp_tpa=10.0.0.2", "arp_sha=02:42:0a:00:00:01", "arp_tha=02:42:0a:00:00:02");
        assertThat(arp).contains("IN_PORT");

        String unknownPort = trace("in_port=2,dl_dst=02:42:0a:00:00:02");
        assertThat(line(unknownPort, "Datapath actions:")).isEqualTo("Datapath actions: drop");
    }

    @Test
    void invalidFlowFailsTheFutureWithTheSwitchError() throws Exception {
        FlowSpec toMissingGroup = FlowSpec.builder().table(0).priority(5).actions(Action.group(99)).build();
        var future = sw.apply(FlowTransaction.ordered(List.of(FlowOp.add(toMissingGroup))));

        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(OpenFlowErrorException.class)
                .hasMessageContaining("group:99")
                .satisfies(e -> assertThat(((OpenFlowErrorException) e).errorCode()).isEqualTo("BAD_OUT_GROUP"));
        assertThat(sw.isConnected()).isTrue();
    }

    @Test
    void atomicBundleWithOneBadFlowInstallsNothing() throws Exception {
        List<FlowOp> ops = new ArrayList<>(install(FlowTransaction.Confirmation.ATOMIC_BUNDLE).ops());
        ops.add(FlowOp.add(FlowSpec.builder().table(1).actions(Action.group(99)).build()));

        var future = sw.apply(FlowTransaction.atomic(ops));

        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(OpenFlowErrorException.class).hasMessageContaining("group:99");
        assertThat(dumpFlows()).isEmpty();
        assertThat(dumpGroups()).isEmpty();
    }

    @Test
    void deleteByCookieMaskLeavesOtherOwnersFlowsAlone() throws Exception {
        ovs.ofctl("add-flow", "br-int", "cookie=0x1234,table=5,priority=7,actions=drop");
        sw.apply(install(FlowTransaction.Confirmation.BARRIER)).get(10, TimeUnit.SECONDS);

        sw.apply(FlowTransaction.ordered(List.of(FlowOp.deleteByCookie(new CookieMask(WEFT_COOKIE, WEFT_MASK)))))
                .get(10, TimeUnit.SECONDS);

        assertThat(dumpFlows()).containsExactly("cookie=0x1234, table=5, priority=7 actions=drop");
    }

    @Test
    void modifyStrictAndDeleteStrictTouchOnlyTheirFlow() throws Exception {
        sw.apply(install(FlowTransaction.Confirmation.BARRIER)).get(10, TimeUnit.SECONDS);
        FlowSpec unicast = pipeline().get(3);
        FlowSpec changed = FlowSpec.builder().table(unicast.table()).priority(unicast.priority())
                .match(unicast.match()).cookie(unicast.cookie()).actions(Action.output(3)).build();

        sw.apply(FlowTransaction.ordered(List.of(FlowOp.modifyStrict(changed),
                FlowOp.deleteStrict(pipeline().get(6))))).get(10, TimeUnit.SECONDS);

        List<String> expected = new ArrayList<>(pipeline().stream().map(OfctlFormat::flow).toList());
        expected.set(3, OfctlFormat.flow(changed));
        expected.remove(6);
        assertThat(dumpFlows()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void groupCanBeModifiedAndDeleted() throws Exception {
        sw.apply(FlowTransaction.ordered(List.of(FlowOp.addGroup(floodGroup())))).get(10, TimeUnit.SECONDS);
        GroupSpec wider = GroupSpec.all(7, List.of(List.of(Action.output(1)), List.of(Action.output(2)),
                List.of(Action.setField(Field.TUNNEL_ID, 0x100), Action.output(3))));
        sw.apply(FlowTransaction.ordered(List.of(FlowOp.modifyGroup(wider)))).get(10, TimeUnit.SECONDS);
        assertThat(dumpGroups()).containsExactly(OfctlFormat.group(wider));

        sw.apply(FlowTransaction.ordered(List.of(FlowOp.deleteGroup(7)))).get(10, TimeUnit.SECONDS);
        assertThat(dumpGroups()).isEmpty();
    }

    @Test
    void readBackReturnsCookiesOfFlowsWithNiciraActionsAndGroupIds() throws Exception {
        ovs.ofctl("add-flow", "br-int", "cookie=0x99,table=3,priority=1,actions=drop");
        sw.apply(install(FlowTransaction.Confirmation.ATOMIC_BUNDLE)).get(10, TimeUnit.SECONDS);

        var flows = sw.installedFlows(new CookieMask(WEFT_COOKIE, WEFT_MASK)).get(10, TimeUnit.SECONDS);
        assertThat(flows).extracting(f -> f.cookie().value())
                .containsExactlyInAnyOrderElementsOf(pipeline().stream().map(f -> f.cookie().value()).toList());
        assertThat(flows).anySatisfy(f -> {
            assertThat(f.table().value()).isEqualTo(10);
            assertThat(f.priority().value()).isEqualTo(200);
        });
        assertThat(sw.installedFlows(new CookieMask(0, 0)).get(10, TimeUnit.SECONDS)).hasSize(pipeline().size() + 1);
        assertThat(sw.installedGroups().get(10, TimeUnit.SECONDS).keySet()).containsExactly(7);
    }

    @Test
    void readBackOfThousandsOfFlowsSpansMultipartReplies() throws Exception {
        List<FlowOp> ops = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            ops.add(FlowOp.add(FlowSpec.builder().table(40).priority(10).cookie(WEFT_COOKIE | i)
                    .match(Match.builder().ethDst(0x020000000000L | i).build())
                    .actions(Action.Move.whole(Field.ETH_SRC, Field.ETH_DST), Action.output(1)).build()));
        }
        sw.apply(FlowTransaction.ordered(ops)).get(30, TimeUnit.SECONDS);
        assertThat(sw.installedFlows(new CookieMask(WEFT_COOKIE, WEFT_MASK)).get(30, TimeUnit.SECONDS)).hasSize(5000);
        assertThat(sw.isConnected()).isTrue();
    }

    private static String trace(String flow) throws Exception {
        return ovs.appctl("ofproto/trace", "br-int", flow);
    }

    private static String line(String text, String prefix) {
        return Arrays.stream(text.split("\n")).filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' in:\n" + text));
    }

    /** dump-flows without the statistics, one flow per element. */
    static List<String> dumpFlows() throws Exception {
        return Arrays.stream(ovs.ofctl("dump-flows", "br-int").split("\n"))
                .filter(l -> l.startsWith(" cookie="))
                .map(l -> l.trim().replaceAll(" duration=[^,]*,", "").replaceAll(" n_packets=[^,]*,", "")
                        .replaceAll(" n_bytes=[^,]*,", "").replaceAll(" idle_age=[^,]*,", ""))
                .toList();
    }

    static List<String> dumpGroups() throws Exception {
        return Arrays.stream(ovs.ofctl("dump-groups", "br-int").split("\n"))
                .filter(l -> l.startsWith(" group_id=")).map(String::trim).toList();
    }
}
