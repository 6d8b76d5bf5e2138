package io.weft.bench.compare;

import io.weft.testkit.OvsInstance;

/**
 * A simulated host as both systems join it: its OVS, the name it is known by, its underlay (tunnel)
 * address, the datapath its br-int must use, and the address at which it reaches the controller
 * (loopback for dummy hosts in the root namespace, the management link for netdev hosts in their own).
 */
record SimHost(OvsInstance ovs, String systemId, String tunnelIp, String datapathType, String controllerAddress) {
}
