package io.weft.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One simulated host as an OVN chassis: an {@link OvsInstance} told where the Southbound database is
 * (VXLAN encapsulation, its own encap IP) and its own ovn-controller, whose pidfile, log and control
 * socket live in the host's directory. ovn-controller creates br-int itself, with the datapath type given.
 */
public final class OvnChassis implements AutoCloseable {
    private final OvsInstance host;

    private OvnChassis(OvsInstance host) {
        this.host = host;
    }

    /** Writes the chassis settings into the host's Open_vSwitch row and starts ovn-controller. */
    public static OvnChassis join(OvsInstance host, OvnCentral central, String systemId, String encapIp,
                                  String datapathType) throws IOException {
        host.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=" + systemId,
                "external_ids:ovn-remote=" + central.southboundTarget(),
                "external_ids:ovn-encap-type=vxlan",
                "external_ids:ovn-encap-ip=" + encapIp,
                "external_ids:ovn-bridge-datapath-type=" + datapathType);
        OvnChassis chassis = new OvnChassis(host);
        chassis.startController();
        return chassis;
    }

    /** (Re)starts ovn-controller, connected to the host's database. */
    public void startController() throws IOException {
        Path dir = host.directory();
        Processes.run(List.of("ovn-controller", "unix:" + host.dbSocket(),
                "--pidfile=" + dir.resolve("ovn-controller.pid"),
                "--log-file=" + dir.resolve("ovn-controller.log"),
                "--detach"), env());
    }

    /** Stops ovn-controller (SIGTERM, or SIGKILL if {@code force}); its flows stay in ovs-vswitchd. */
    public void stopController(boolean force) throws IOException {
        controller().stop(force);
    }

    public Pidfile controller() {
        return new Pidfile(host.directory().resolve("ovn-controller.pid"));
    }

    public OvsInstance host() {
        return host;
    }

    private Map<String, String> env() {
        // ovn-controller has no --unixctl option: OVN_RUNDIR puts its control socket in the host's
        // directory, and OVS_RUNDIR makes it find that host's br-int.mgmt rather than the system's.
        String d = host.directory().toString();
        return Map.of("OVS_RUNDIR", d, "OVN_RUNDIR", d, "OVN_LOGDIR", d, "OVS_LOGDIR", d);
    }

    /** Stops ovn-controller; the host itself is closed by its owner. */
    @Override
    public void close() throws IOException {
        stopController(false);
    }
}
