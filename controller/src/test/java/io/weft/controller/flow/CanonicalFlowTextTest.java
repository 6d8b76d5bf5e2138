package io.weft.controller.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Version 1 of the canonical flow text, pinned string by string: every field in a match (exact, masked, prefix), every
 * action, every value notation and reserved port name. If one of these fails, cookies changed for every flow that
 * uses it on every running network (see {@link CanonicalFlowText}): restore the spelling, do not update the string.
 */
class CanonicalFlowTextTest {

    private static FlowSpec flow(int table, int priority, Match match, Instructions instructions) {
        return FlowSpec.builder().table(table).priority(priority).match(match).instructions(instructions)
                .cookie(Cookie.of(0x1234)).build();
    }

    @Test
    void everyMatchFieldAndNotation() {
        Match tunnel = Match.builder().tunnelId(0x100).exact(Field.TUNNEL_IPV4_SRC, 0x0a000001L)
                .exact(Field.TUNNEL_IPV4_DST, 0x0a000002L).metadata(0x100, 0x1_00ff_ffffL).inPort(7)
                .ethSrc(0x0242_0a0a_0a02L).ethDst(0x0100_0000_0000L, 0x0100_0000_0000L).build();
        assertThat(CanonicalFlowText.of(flow(0, 100, tunnel, Instructions.DROP))).isEqualTo(
                "cookie=0x0, table=0, priority=100,tun_id=0x100,tun_src=10.0.0.1,tun_dst=10.0.0.2,"
                        + "metadata=0x100/0x100ffffff,in_port=7,dl_src=02:42:0a:0a:0a:02,"
                        + "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=drop");

        Match ip = Match.builder().ipv4Src(0x0a0a0a02).masked(Field.IPV4_DST, 0x0a0a0000L, 0xffff0000L).build();
        assertThat(CanonicalFlowText.of(flow(10, 0x8000, ip, Instructions.gotoTable(TableId.of(20))))).isEqualTo(
                "cookie=0x0, table=10, ip,nw_src=10.10.10.2,nw_dst=10.10.0.0/16 actions=goto_table:20");

        Match udp = Match.builder().udpDst(53).build();
        assertThat(CanonicalFlowText.of(flow(30, 97, udp, Instructions.DROP)))
                .isEqualTo("cookie=0x0, table=30, priority=97,udp,tp_dst=53 actions=drop");

        Match proto = Match.builder().ethType(0x0800).exact(Field.IP_PROTO, 50).build();
        assertThat(CanonicalFlowText.of(flow(30, 1, proto, Instructions.DROP)))
                .isEqualTo("cookie=0x0, table=30, priority=1,ip,nw_proto=50 actions=drop");

        Match arp = Match.builder().arpOp(1).arpSpa(0x0a0a0a01).arpTpa(0x0a0a0a03).arpSha(0x0242_0a0a_0a01L)
                .exact(Field.ARP_THA, 0).build();
        assertThat(CanonicalFlowText.of(flow(20, 100, arp, Instructions.DROP))).isEqualTo(
                "cookie=0x0, table=20, priority=100,arp,arp_spa=10.10.10.1,arp_tpa=10.10.10.3,arp_op=1,"
                        + "arp_sha=02:42:0a:0a:0a:01,arp_tha=00:00:00:00:00:00 actions=drop");

        Match type = Match.builder().ethType(0x86dd).build();
        assertThat(CanonicalFlowText.of(flow(0, 0, type, Instructions.DROP)))
                .isEqualTo("cookie=0x0, table=0, priority=0,dl_type=0x86dd actions=drop");
    }

    @Test
    void everyActionAndReservedPort() {
        Instructions all = Instructions.apply(
                Action.output(3), Action.output(PortNumber.IN_PORT), Action.output(PortNumber.CONTROLLER),
                Action.output(PortNumber.LOCAL), Action.output(PortNumber.ALL), Action.group(0x0100_0100),
                Action.setField(Field.TUNNEL_ID, 0x100), Action.setField(Field.TUNNEL_IPV4_DST, 0xc0a80002L),
                Action.setField(Field.ETH_SRC, 0x0242_0a0a_0a01L), Action.setField(Field.ETH_DST, 0x0242_0a0a_0a02L),
                Action.setField(Field.ARP_OP, 2), Action.setField(Field.ARP_SPA, 0x0a0a0a01L),
                Action.Move.whole(Field.ETH_SRC, Field.ETH_DST), Action.Move.whole(Field.ARP_SPA, Field.ARP_TPA),
                new Action.Move(Field.TUNNEL_ID, 0, Field.METADATA, 8, 24), Action.decNwTtl(),
                new Action.Resubmit(TableId.of(30)));
        assertThat(CanonicalFlowText.of(flow(40, 95, Match.ALL, all))).isEqualTo(
                "cookie=0x0, table=40, priority=95 actions=output:3,IN_PORT,CONTROLLER:65535,LOCAL,ALL,"
                        + "group:16777472,set_field:0x100->tun_id,set_field:192.168.0.2->tun_dst,"
                        + "set_field:02:42:0a:0a:0a:01->eth_src,set_field:02:42:0a:0a:0a:02->eth_dst,"
                        + "set_field:2->arp_op,set_field:10.10.10.1->arp_spa,"
                        + "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],"
                        + "move:NXM_NX_TUN_ID[0..23]->OXM_OF_METADATA[8..31],dec_ttl,resubmit(,30)");

        Instructions metadata = Instructions.DROP.thenWriteMetadata(0x100, 0x1_00ff_ffffL).thenGoto(TableId.of(10));
        assertThat(CanonicalFlowText.of(flow(0, 100, Match.builder().inPort(5).build(), metadata))).isEqualTo(
                "cookie=0x0, table=0, priority=100,in_port=5 actions=write_metadata:0x100/0x100ffffff,goto_table:10");
        Instructions whole = Instructions.DROP.thenWriteMetadata(0, -1L);
        assertThat(CanonicalFlowText.of(flow(0, 100, Match.ALL, whole)))
                .isEqualTo("cookie=0x0, table=0, priority=100 actions=write_metadata:0x0");
    }

    @Test
    void theCookieAFlowCarriesIsNotPartOfItsContent() {
        FlowSpec a = flow(0, 1, Match.ALL, Instructions.DROP);
        FlowSpec b = new FlowSpec(a.table(), a.priority(), a.match(), Cookie.of(0x57L << 56), a.instructions());
        assertThat(CanonicalFlowText.of(a)).isEqualTo(CanonicalFlowText.of(b));
    }
}
