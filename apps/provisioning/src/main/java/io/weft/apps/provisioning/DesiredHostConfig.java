package io.weft.apps.provisioning;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What br-int and its tunnel port must look like on one host. */
record DesiredHostConfig(String datapathType, String controllerTarget, String tunnelLocalIp) {
    static final String FAIL_MODE = "secure";
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
