package io.weft.apps.provisioning;

import java.time.Duration;

/**
 * @param openflowPort            the port hosts' br-int controller target points at
 * @param openflowTls             whether that port speaks TLS: the target is then {@code ssl:}, else {@code tcp:}
 * @param fallbackControllerHost  used when the OVSDB connection's local address is not an IP (unix socket)
 * @param retryDelay              wait after a failed provisioning transaction before trying again
 * @param targetPerManager        a cluster: br-int gets one OpenFlow target per OVSDB manager target the host has
 *                                ({@code set-manager ssl:C1:6640 ssl:C2:6640 ...}), at each one's address and
 *                                {@code openflowPort}, so every controller is connected to every switch; otherwise
 *                                the one target is this controller's address as the host reached it
 */
public record ProvisioningConfig(int openflowPort, boolean openflowTls, String fallbackControllerHost,
                                 Duration retryDelay, boolean targetPerManager) {
    public static ProvisioningConfig defaults(int openflowPort) {
        return new ProvisioningConfig(openflowPort, false, "127.0.0.1", Duration.ofSeconds(1), false);
    }

    public ProvisioningConfig withOpenflowTls(boolean tls) {
        return new ProvisioningConfig(openflowPort, tls, fallbackControllerHost, retryDelay, targetPerManager);
    }

    public ProvisioningConfig withTargetPerManager(boolean perManager) {
        return new ProvisioningConfig(openflowPort, openflowTls, fallbackControllerHost, retryDelay, perManager);
    }
}
