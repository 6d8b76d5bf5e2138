package io.weft.topology;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A machine running OVS, as the southbound reports it. Hosts are never created by clients.
 *
 * @param name           the OVS {@code system-id}
 * @param tunnelIp       the VXLAN endpoint address ({@code external_ids:weft-tunnel-ip}), once known
 * @param datapathId     the integration bridge's datapath id, 16 lower-case hex digits, once known
 * @param notReadyReason why the overlay cannot use this host yet, e.g. "missing external_ids:weft-tunnel-ip"
 * @param datapathType   br-int's datapath type as the host declared it ({@code netdev}, {@code dummy}), if it did
 * @param tunnel         what the tunnel probes last found (not stored: it belongs to the running controller)
 * @param certificate    the SHA-256 fingerprint of the certificate issued when the host was admitted
 *                       ({@code weft host add}); its sessions must present exactly that one (TLS mode)
 */
public record Host(String name, OptionalInt tunnelIp, ConnectionState ovsdb, ConnectionState openflow,
                   Optional<String> datapathId, Optional<String> notReadyReason, Optional<String> datapathType,
                   TunnelHealth tunnel, Optional<String> certificate) {
    private static final Pattern DATAPATH_ID = Pattern.compile("[0-9a-f]{16}");
    private static final int MAX_NAME_LENGTH = 255;

    public Host {
        requireValidName(name);
        Objects.requireNonNull(tunnelIp, "tunnelIp");
        Objects.requireNonNull(ovsdb, "ovsdb");
        Objects.requireNonNull(openflow, "openflow");
        datapathId = Objects.requireNonNull(datapathId, "datapathId").map(Host::normalizedDatapathId);
        Objects.requireNonNull(notReadyReason, "notReadyReason");
        Objects.requireNonNull(datapathType, "datapathType");
        Objects.requireNonNull(tunnel, "tunnel");
        Objects.requireNonNull(certificate, "certificate");
    }

    private static void requireValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH
                || name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw TopologyException.invalid("invalid host name '" + name
                    + "': expected 1 to " + MAX_NAME_LENGTH + " characters without spaces or control characters");
        }
    }

    private static String normalizedDatapathId(String dpid) {
        String lower = dpid.toLowerCase(Locale.ROOT);
        if (!DATAPATH_ID.matcher(lower).matches()) {
            throw TopologyException.invalid("invalid datapath id '" + dpid + "': expected 16 hex digits");
        }
        return lower;
    }

    /** A host seen for the first time: nothing known yet, both sessions down. */
    public static Host named(String name) {
        return new Host(name, OptionalInt.empty(), ConnectionState.DISCONNECTED, ConnectionState.DISCONNECTED,
                Optional.empty(), Optional.empty(), Optional.empty(), TunnelHealth.UNCHECKED, Optional.empty());
    }

    public Host withTunnelIp(OptionalInt newTunnelIp) {
        return new Host(name, newTunnelIp, ovsdb, openflow,
                datapathId, notReadyReason, datapathType, tunnel, certificate);
    }

    public Host withOvsdb(ConnectionState newOvsdb) {
        return new Host(name, tunnelIp, newOvsdb, openflow,
                datapathId, notReadyReason, datapathType, tunnel, certificate);
    }

    public Host withOpenflow(ConnectionState newOpenflow) {
        return new Host(name, tunnelIp, ovsdb, newOpenflow,
                datapathId, notReadyReason, datapathType, tunnel, certificate);
    }

    public Host withDatapathId(Optional<String> newDatapathId) {
        return new Host(name, tunnelIp, ovsdb, openflow,
                newDatapathId, notReadyReason, datapathType, tunnel, certificate);
    }

    public Host withNotReadyReason(Optional<String> newReason) {
        return new Host(name, tunnelIp, ovsdb, openflow, datapathId, newReason, datapathType, tunnel, certificate);
    }

    public Host withDatapathType(Optional<String> newDatapathType) {
        return new Host(name, tunnelIp, ovsdb, openflow,
                datapathId, notReadyReason, newDatapathType, tunnel, certificate);
    }

    public Host withTunnel(TunnelHealth newTunnel) {
        return new Host(name, tunnelIp, ovsdb, openflow,
                datapathId, notReadyReason, datapathType, newTunnel, certificate);
    }

    public Host withCertificate(Optional<String> newCertificate) {
        return new Host(name, tunnelIp, ovsdb, openflow, datapathId, notReadyReason, datapathType, tunnel,
                newCertificate);
    }
}
