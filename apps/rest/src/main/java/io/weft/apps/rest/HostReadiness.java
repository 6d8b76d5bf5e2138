package io.weft.apps.rest;

import io.weft.topology.ConnectionState;
import io.weft.topology.Host;
import io.weft.topology.TunnelHealth;
import java.util.Optional;

/**
 * When a host is ready: both southbound sessions are up, its tunnel address is known, the southbound reported no
 * problem and its tunnel probes are not failing. The API, the topology page and the metrics all say it this way.
 */
public final class HostReadiness {
    private HostReadiness() {
    }

    /** Why the host cannot carry overlay traffic, if it cannot; empty when it is ready. */
    public static Optional<String> whyNotReady(Host host) {
        if (host.notReadyReason().isPresent()) {
            return host.notReadyReason();
        }
        if (host.ovsdb() != ConnectionState.CONNECTED) {
            return Optional.of("ovsdb session is disconnected");
        }
        if (host.openflow() != ConnectionState.CONNECTED) {
            return Optional.of("openflow session is disconnected");
        }
        if (host.tunnelIp().isEmpty()) {
            return Optional.of("tunnel ip is not known yet");
        }
        if (host.tunnel().state() == TunnelHealth.State.DOWN) {
            return Optional.of("tunnel down: " + host.tunnel().detail());
        }
        return Optional.empty();
    }

}
