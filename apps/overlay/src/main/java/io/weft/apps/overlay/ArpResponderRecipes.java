package io.weft.apps.overlay;

import static io.weft.apps.overlay.PipelineMetadata.NETWORK_MASK;

import io.weft.controller.flow.Action;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.Match;
import io.weft.controller.flow.PortNumber;

/** Table 20, {@link OverlayTable#ARP_RESPONDER}: ARP requests for known IPs are answered on the host. */
final class ArpResponderRecipes {
    private ArpResponderRecipes() {
    }

    /** Answers "who has IP?" with MAC, out of the port it came in: the request never leaves the host. */
    static FlowSpec arpReply(long vni, int ip, long mac) {
        return FlowSpec.builder().table(OverlayTable.ARP_RESPONDER.id()).priority(OverlayPriority.SPECIFIC)
                .match(Match.builder().metadata(vni, NETWORK_MASK).arpOp(1).arpTpa(ip).build())
                .actions(Action.Move.whole(Field.ETH_SRC, Field.ETH_DST),
                        Action.setField(Field.ETH_SRC, mac),
                        Action.setField(Field.ARP_OP, 2),
                        Action.Move.whole(Field.ARP_SHA, Field.ARP_THA),
                        Action.Move.whole(Field.ARP_SPA, Field.ARP_TPA),
                        Action.setField(Field.ARP_SHA, mac),
                        Action.setField(Field.ARP_SPA, ip & 0xffffffffL),
                        Action.output(PortNumber.IN_PORT))
                .build();
    }
}
