package io.weft.apps.rest;

import io.weft.topology.ConnectionState;
import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON form of a host. A host is {@code ready} when the overlay can use it: both southbound sessions are up,
 * its tunnel address is known and the southbound reported no problem. Otherwise {@code notReadyReason} says why,
 * preferring the southbound's own reason, which is the most specific.
 */
record HostView(String name, String tunnelIp, String ovsdb, String openflow, String datapathId, boolean ready,
                String notReadyReason) {

    static HostView of(Host host) {
        Optional<String> reason = notReadyReason(host);
        return new HostView(host.name(),
                host.tunnelIp().isPresent() ? Ipv4.format(host.tunnelIp().getAsInt()) : null,
                label(host.ovsdb()), label(host.openflow()), host.datapathId().orElse(null),
                reason.isEmpty(), reason.orElse(null));
    }

    private static Optional<String> notReadyReason(Host host) {
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
        return Optional.empty();
    }

    private static String label(ConnectionState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
