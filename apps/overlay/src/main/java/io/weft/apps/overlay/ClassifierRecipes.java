package io.weft.apps.overlay;

import static io.weft.apps.overlay.PipelineMetadata.FROM_TUNNEL;
import static io.weft.apps.overlay.PipelineMetadata.METADATA_MASK;

import io.weft.apps.provisioning.HostJoinContract;
import io.weft.controller.flow.Action;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.Instructions;
import io.weft.controller.flow.Match;
import io.weft.controller.flow.PortNumber;

/** Table 0, {@link OverlayTable#CLASSIFIER}: which network a frame belongs to, by the port or VNI it came in on. */
final class ClassifierRecipes {
    static final PortNumber TUNNEL = PortNumber.of(HostJoinContract.TUNNEL_OFPORT);

    private ClassifierRecipes() {
    }

    /**
     * Tunnel probes ({@link TunnelProbeFrame}) arrive with VNI 0, which no network has: they go to the controller,
     * which learns that the tunnel from their sender to this host works. Nothing else can carry VNI 0 into a network.
     */
    static FlowSpec tunnelProbeCatcher() {
        return FlowSpec.builder().table(OverlayTable.CLASSIFIER.id()).priority(OverlayPriority.SPECIFIC)
                .match(Match.builder().inPort(TUNNEL).tunnelId(TunnelProbeFrame.VNI).build())
                .instructions(Instructions.apply(Action.output(PortNumber.CONTROLLER)))
                .build();
    }

    /** The network's VNI from the tunnel: marked as from the tunnel, straight to forwarding (already checked). */
    static FlowSpec fromTunnel(long vni) {
        return FlowSpec.builder().table(OverlayTable.CLASSIFIER.id()).priority(OverlayPriority.SPECIFIC)
                .match(Match.builder().inPort(TUNNEL).tunnelId(vni).build())
                .instructions(Instructions.DROP.thenWriteMetadata(vni | FROM_TUNNEL, METADATA_MASK)
                        .thenGoto(OverlayTable.L2_FORWARDING.id()))
                .build();
    }

    /** A local endpoint's port: its network, then port security. */
    static FlowSpec localPort(Located l, long vni) {
        return FlowSpec.builder().table(OverlayTable.CLASSIFIER.id()).priority(OverlayPriority.SPECIFIC)
                .match(Match.builder().inPort(l.ofport()).build())
                .instructions(Instructions.DROP.thenWriteMetadata(vni, METADATA_MASK)
                        .thenGoto(OverlayTable.PORT_SECURITY.id()))
                .build();
    }
}
