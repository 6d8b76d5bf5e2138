package io.weft.apps.provisioning;

import java.time.Duration;

/**
 * @param openflowPort            the port hosts' br-int controller target points at
 * @param fallbackControllerHost  used when the OVSDB connection's local address is not an IP (unix socket)
 * @param retryDelay              wait after a failed provisioning transaction before trying again
 */
public record ProvisioningConfig(int openflowPort, String fallbackControllerHost, Duration retryDelay) {
    public static ProvisioningConfig defaults(int openflowPort) {
        return new ProvisioningConfig(openflowPort, "127.0.0.1", Duration.ofSeconds(1));
    }
}
