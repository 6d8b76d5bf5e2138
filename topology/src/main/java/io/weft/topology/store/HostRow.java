package io.weft.topology.store;

import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a host is written to the store. Connection states and tunnel health are left out on purpose: they belong to
 * the running process, and leaving them out means a session flapping does not cost a disk sync.
 */
record HostRow(String name, String tunnelIp, String datapathId, String notReadyReason, String datapathType,
               String certificate) {

    static HostRow of(Host host) {
        return new HostRow(host.name(),
                host.tunnelIp().isPresent() ? Ipv4.format(host.tunnelIp().getAsInt()) : null,
                host.datapathId().orElse(null), host.notReadyReason().orElse(null), host.datapathType().orElse(null),
                host.certificate().orElse(null));
    }

    Host toHost() {
        return Host.named(name)
                .withTunnelIp(tunnelIp == null ? OptionalInt.empty() : OptionalInt.of(Ipv4.parse(tunnelIp)))
                .withDatapathId(Optional.ofNullable(datapathId))
                .withNotReadyReason(Optional.ofNullable(notReadyReason))
                .withDatapathType(Optional.ofNullable(datapathType))
                .withCertificate(Optional.ofNullable(certificate));
    }
}
