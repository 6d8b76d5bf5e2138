package io.weft.apps.overlay;

import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.Instructions;
import io.weft.controller.flow.Match;
import java.util.List;

/** Table 10, {@link OverlayTable#PORT_SECURITY}: a local port may send only as its endpoint's MAC and IP. */
final class PortSecurityRecipes {
    private PortSecurityRecipes() {
    }

    /** IPv4 and ARP from the endpoint's own addresses go on; anything else meets the table's miss (drop). */
    static List<FlowSpec> ownAddressesOnly(Located l) {
        long mac = l.endpoint().mac();
        int ip = l.endpoint().ip();
        return List.of(
                FlowSpec.builder().table(OverlayTable.PORT_SECURITY.id()).priority(OverlayPriority.SPECIFIC)
                        .match(Match.builder().inPort(l.ofport()).ethSrc(mac).ipv4Src(ip).build())
                        .instructions(Instructions.gotoTable(OverlayTable.ARP_RESPONDER.id())).build(),
                FlowSpec.builder().table(OverlayTable.PORT_SECURITY.id()).priority(OverlayPriority.SPECIFIC)
                        .match(Match.builder().inPort(l.ofport()).ethSrc(mac).arpSpa(ip).arpSha(mac).build())
                        .instructions(Instructions.gotoTable(OverlayTable.ARP_RESPONDER.id())).build());
    }
}
