package io.weft.apps.rest;

import io.weft.topology.ConnectionState;
import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON form of a host. A host is {@code ready} when the overlay can use it: both southbound sessions are up,
 * its tunnel address is known, the southbound reported no problem and its tunnel probes are not failing. Otherwise
 * {@code notReadyReason} says why, preferring the southbound's own reason, which is the most specific.
 */
record HostView(String name, String tunnelIp, String ovsdb, String openflow, String datapathId, String datapathType,
                String tunnel, String tunnelDetail, boolean ready, String notReadyReason) {

    static HostView of(Host host) {
        Optional<String> reason = HostReadiness.whyNotReady(host);
        return new HostView(host.name(),
                host.tunnelIp().isPresent() ? Ipv4.format(host.tunnelIp().getAsInt()) : null,
                label(host.ovsdb()), label(host.openflow()), host.datapathId().orElse(null),
                host.datapathType().orElse(null), host.tunnel().state().name().toLowerCase(Locale.ROOT),
                host.tunnel().detail(), reason.isEmpty(), reason.orElse(null));
    }

    private static String label(ConnectionState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
