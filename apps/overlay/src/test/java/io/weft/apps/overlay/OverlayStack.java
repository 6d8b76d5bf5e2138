package io.weft.apps.overlay;

import io.weft.apps.provisioning.HostProvisioner;
import io.weft.controller.OpenFlowConfig;
import io.weft.controller.OpenFlowServer;
import io.weft.controller.SwitchRegistry;
import io.weft.ovsdb.OvsdbConfig;
import io.weft.ovsdb.OvsdbServer;
import io.weft.topology.Topology;
import java.time.Duration;

/** The controller's parts wired as the launcher wires them ({@link ControlPlane}), on free loopback ports, for tests. */
final class OverlayStack implements AutoCloseable {
    final Topology topology;
    final SwitchRegistry switches = new SwitchRegistry();
    final OpenFlowServer openflow;
    final OvsdbServer ovsdb;
    final ControlPlane plane;
    final HostProvisioner provisioner;
    final OverlayApp overlay;
    final int ovsdbPort;
    final int openflowPort;

    static final Duration AUDIT_INTERVAL = Duration.ofSeconds(1);

    OverlayStack(Topology topology) throws Exception {
        this(topology, 0, 0);
    }

    OverlayStack(Topology topology, int openflowPort, int ovsdbPortWanted) throws Exception {
        this(topology, "127.0.0.1", openflowPort, ovsdbPortWanted);
    }

    OverlayStack(Topology topology, String bind, int openflowPort, int ovsdbPortWanted) throws Exception {
        this.topology = topology;
        OpenFlowConfig ofConfig = new OpenFlowConfig(bind, openflowPort, Duration.ofSeconds(2),
                Duration.ofSeconds(6), Duration.ofSeconds(5), Duration.ofSeconds(30),
                OpenFlowConfig.DEFAULT_MAX_PENDING_WRITE_BYTES);
        openflow = new OpenFlowServer(ofConfig, switches);
        int ofPort = openflow.start().getPort();
        this.openflowPort = ofPort;
        // A short audit, so tests see drift repaired without waiting a minute.
        plane = ControlPlane.start(topology, switches, ControlPlane.Options.plain(ofPort, AUDIT_INTERVAL));
        provisioner = plane.provisioner();
        overlay = plane.overlay();
        ovsdb = new OvsdbServer(bind, ovsdbPortWanted, OvsdbConfig.defaults(), provisioner);
        ovsdbPort = ovsdb.start().getPort();
    }

    @Override
    public void close() {
        ovsdb.close();
        plane.close();
        openflow.close();
    }
}
