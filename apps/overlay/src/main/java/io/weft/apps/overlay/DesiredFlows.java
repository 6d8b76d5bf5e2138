package io.weft.apps.overlay;

import io.weft.topology.TopologySnapshot;

/** A host's whole desired state, from scratch, as a pure function of a topology snapshot. */
public final class DesiredFlows {
    private DesiredFlows() {
    }

    /**
     * Everything one host should hold: the base flows and the parts of its networks and their routers, the same
     * parts the incremental {@link OverlayApp} keeps, over an index built from the snapshot.
     */
    public static HostFlows of(TopologySnapshot topology, String hostName) {
        OverlayModel model = new OverlayModel();
        model.load(topology);
        return HostFlows.union(OverlayPipeline.baseFlows(), model.partsOn(hostName).stream()
                .map(key -> model.inputsOf(key, model::networkInputs)).flatMap(java.util.Optional::stream)
                .map(inputs -> inputs.flowsOn(hostName, FlowStamper.UNCACHED, MemberFlows.uncached())).toList());
    }
}
