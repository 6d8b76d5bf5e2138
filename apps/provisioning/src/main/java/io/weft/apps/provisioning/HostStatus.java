package io.weft.apps.provisioning;

/**
 * A host as the controller sees it over OVSDB.
 *
 * @param name            the host's system-id (or its address while it has none)
 * @param tunnelIp        its VXLAN endpoint address, if declared
 * @param ready           true when it can carry overlay traffic
 * @param notReadyReason  why not, e.g. "missing external_ids:weft-tunnel-ip"
 * @param datapathId      br-int's datapath id (16 hex digits) once vswitchd has created it
 */
public record HostStatus(String name, String tunnelIp, String datapathType, boolean ready, String notReadyReason,
                         String datapathId, String managementAddress) {
}
