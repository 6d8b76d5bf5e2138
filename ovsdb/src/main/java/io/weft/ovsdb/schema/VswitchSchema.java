package io.weft.ovsdb.schema;

import io.weft.ovsdb.MonitorRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Names of the Open_vSwitch database's tables and of the columns Weft reads and writes. */
public final class VswitchSchema {
    public static final String DATABASE = "Open_vSwitch";
    public static final String OPEN_VSWITCH = "Open_vSwitch";
    public static final String BRIDGE = "Bridge";
    public static final String PORT = "Port";
    public static final String INTERFACE = "Interface";
    public static final String CONTROLLER = "Controller";
    public static final String MANAGER = "Manager";

    private VswitchSchema() {
    }

    /** What a host monitor watches: enough to provision br-int and to bind interfaces to endpoints. */
    public static Map<String, MonitorRequest> hostMonitor() {
        Map<String, MonitorRequest> m = new LinkedHashMap<>();
        m.put(OPEN_VSWITCH, new MonitorRequest(List.of("bridges", "external_ids", "manager_options")));
        m.put(BRIDGE, new MonitorRequest(List.of("name", "ports", "datapath_type", "fail_mode", "protocols",
                "controller", "external_ids", "other_config", "datapath_id")));
        m.put(PORT, new MonitorRequest(List.of("name", "interfaces", "external_ids")));
        m.put(INTERFACE, new MonitorRequest(List.of("name", "type", "options", "ofport", "ofport_request",
                "external_ids", "error")));
        m.put(CONTROLLER, new MonitorRequest(List.of("target", "is_connected", "max_backoff")));
        m.put(MANAGER, new MonitorRequest(List.of("target", "max_backoff")));
        return m;
    }
}
