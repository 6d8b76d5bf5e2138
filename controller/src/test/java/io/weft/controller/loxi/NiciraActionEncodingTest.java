package io.weft.controller.loxi;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.weft.controller.flow.Action;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.PortNumber;
import io.weft.controller.flow.TableId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;

/**
 * Our hand-written Nicira actions (and Loxi's encoding of the set_field actions the overlay uses)
 * compared byte for byte with what ovs-ofctl puts on the wire for the same action text.
 */
class NiciraActionEncodingTest {

    static List<Arguments> actions() {
        return List.of(
                Arguments.of("move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
                        List.of(Action.Move.whole(Field.ETH_SRC, Field.ETH_DST))),
                Arguments.of("move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[]",
                        List.of(Action.Move.whole(Field.ARP_SHA, Field.ARP_THA),
                                Action.Move.whole(Field.ARP_SPA, Field.ARP_TPA))),
                Arguments.of("move:NXM_NX_TUN_ID[0..23]->OXM_OF_METADATA[8..31]",
                        List.of(new Action.Move(Field.TUNNEL_ID, 0, Field.METADATA, 8, 24))),
                Arguments.of("resubmit(,5)", List.of(new Action.Resubmit(TableId.of(5)))),
                Arguments.of("resubmit(,5),output:3",
                        List.of(new Action.Resubmit(TableId.of(5)), Action.output(3))),
                Arguments.of("set_field:0x100->tun_id,set_field:198.18.0.2->tun_dst,output:2",
                        List.of(Action.setField(Field.TUNNEL_ID, 0x100),
                                Action.setField(Field.TUNNEL_IPV4_DST, 0xc6120002L), Action.output(2))),
                Arguments.of("set_field:02:42:0a:00:00:01->eth_src,set_field:2->arp_op,"
                                + "set_field:02:42:0a:00:00:01->arp_sha,set_field:10.0.0.1->arp_spa,IN_PORT",
                        List.of(Action.setField(Field.ETH_SRC, 0x02420a000001L), Action.setField(Field.ARP_OP, 2),
                                Action.setField(Field.ARP_SHA, 0x02420a000001L),
                                Action.setField(Field.ARP_SPA, 0x0a000001L), Action.output(PortNumber.IN_PORT))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void ourBytesEqualOvsOfctlBytes(String ofctlText, List<Action> ours) throws Exception {
        // Prerequisites so that ovs-ofctl accepts field writes (arp fields need an arp match).
        String match = ofctlText.toLowerCase(java.util.Locale.ROOT).contains("arp") ? "arp," : "";
        byte[] ovs = OfctlCapture.applyActions(OfctlCapture.flowModFor(match + "actions=" + ofctlText));

        FlowOpEncoder encoder = new FlowOpEncoder(OFFactories.getFactory(OFVersion.OF_13));
        ByteBuf buf = Unpooled.buffer();
        for (OFAction a : encoder.actionList(ours)) {
            a.writeTo(buf);
        }
        byte[] mine = new byte[buf.readableBytes()];
        buf.readBytes(mine);

        assertThat(OfctlCapture.hex(mine)).isEqualTo(OfctlCapture.hex(ovs));
    }
}
