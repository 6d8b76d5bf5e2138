package io.weft.apps.provisioning;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What br-int and its tunnel port must look like on one host; {@code controllerTargets} sorted, no duplicates.
 * {@code everyManagerIsOurs}: a cluster's host lists only Weft's controllers as managers, so each gets the short
 * reconnect backoff (a restarted member is reconnected to within a second).
 */
record DesiredHostConfig(String datapathType, List<String> controllerTargets, String tunnelLocalIp,
                         boolean everyManagerIsOurs) {
    DesiredHostConfig(String datapathType, List<String> controllerTargets, String tunnelLocalIp) {
        this(datapathType, controllerTargets, tunnelLocalIp, false);
    }

    DesiredHostConfig {
        controllerTargets = List.copyOf(new java.util.TreeSet<>(controllerTargets));
    }

    static final String FAIL_MODE = "secure";
    /**
     * The longest a host waits between two attempts to reach the controller, over OpenFlow and over OVSDB (the
     * Controller and Manager rows' max_backoff; 1000 ms is OVS's minimum). OVS's default, 8 s, doubles from 1 s, so
     * a controller restart of 2 s left hosts away for up to 4 s more; at 1 s they are back within a second of it.
     */
    static final long RECONNECT_BACKOFF_MS = 1000;
    static final List<String> PROTOCOLS = List.of(HostJoinContract.OPENFLOW_PROTOCOLS_13,
            HostJoinContract.OPENFLOW_PROTOCOLS_14);

    /** The tunnel interface's options: one flow-based VXLAN port for all peers and all VNIs. */
    Map<String, String> tunnelOptions() {
        Map<String, String> options = new TreeMap<>();
        options.put("remote_ip", "flow");
        options.put("key", "flow");
        options.put("dst_port", Integer.toString(HostJoinContract.VXLAN_UDP_PORT));
        if (tunnelLocalIp != null) {
            options.put("local_ip", tunnelLocalIp);
        }
        return options;
    }
}
