package io.weft.apps.provisioning;

import java.time.Duration;

/**
 * @param openflowPort            the port hosts' br-int controller target points at
 * @param openflowTls             whether that port speaks TLS: the target is then {@code ssl:}, else {@code tcp:}
 * @param fallbackControllerHost  used when the OVSDB connection's local address is not an IP (unix socket)
 * @param retryDelay              wait after a failed provisioning transaction before trying again
 */
public record ProvisioningConfig(int openflowPort, boolean openflowTls, String fallbackControllerHost,
                                 Duration retryDelay) {
    public static ProvisioningConfig defaults(int openflowPort) {
        return new ProvisioningConfig(openflowPort, false, "127.0.0.1", Duration.ofSeconds(1));
    }

    public ProvisioningConfig withOpenflowTls(boolean tls) {
        return new ProvisioningConfig(openflowPort, tls, fallbackControllerHost, retryDelay);
    }
}
