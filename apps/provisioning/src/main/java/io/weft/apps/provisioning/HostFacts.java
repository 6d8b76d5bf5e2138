package io.weft.apps.provisioning;

import io.weft.ovsdb.schema.OpenVSwitchRecord;
import java.util.Map;

/**
 * What a host declared in {@code Open_vSwitch.external_ids}, validated. A host that cannot carry
 * overlay traffic yet is still provisioned, but reported not ready with the reason.
 */
record HostFacts(String systemId, String tunnelIp, String datapathType, String notReadyReason) {

    static HostFacts from(OpenVSwitchRecord root) {
        Map<String, String> ids = root.externalIds();
        String systemId = blankToNull(ids.get(HostJoinContract.SYSTEM_ID));
        String tunnelIp = blankToNull(ids.get(HostJoinContract.TUNNEL_IP));
        String datapathType = ids.getOrDefault(HostJoinContract.DATAPATH_TYPE, "");
        String reason = null;
        if (systemId == null) {
            reason = "missing external_ids:" + HostJoinContract.SYSTEM_ID;
        } else if (tunnelIp == null) {
            reason = "missing external_ids:" + HostJoinContract.TUNNEL_IP;
        } else if (!isIpv4(tunnelIp)) {
            reason = "external_ids:" + HostJoinContract.TUNNEL_IP + "='" + tunnelIp + "' is not an IPv4 address";
            tunnelIp = null;
        }
        if (!datapathType.isEmpty() && !datapathType.matches("[a-z]+")) {
            reason = "external_ids:" + HostJoinContract.DATAPATH_TYPE + "='" + datapathType + "' is not a datapath type";
            datapathType = "";
        }
        return new HostFacts(systemId, tunnelIp, datapathType, reason);
    }

    boolean ready() {
        return notReadyReason == null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
