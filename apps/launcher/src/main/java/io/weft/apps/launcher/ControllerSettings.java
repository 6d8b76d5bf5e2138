package io.weft.apps.launcher;

import io.weft.apps.cluster.EtcdTarget;
import java.nio.file.Path;

/**
 * What {@code weft controller} was told on its command line.
 *
 * @param tls      OVSDB and OpenFlow ports speak TLS only, hosts are admitted by certificate (see SouthboundTls)
 * @param insecure plaintext on a non-loopback address was asked for explicitly
 * @param tlsNames names and addresses the controller's certificate must also carry (clients of the HTTPS API)
 * @param dnsUpstream where the networks' DNS forwards names that are not Weft's: {@code HOST[:PORT]}, {@code none} to
 *                    refuse them, or {@code system} for the first nameserver of /etc/resolv.conf
 * @param unpluggedGrace how long an endpoint of lifetime {@code port} (CNI) may stay without its port
 * @param store    where the topology is kept: {@code journal} (the embedded store in the data directory) or
 *                 {@code etcd://HOST:PORT[,...][/PREFIX]} ({@link EtcdTarget}); the data directory keeps the PKI and
 *                 the API tokens either way
 * @param member   with etcd, this controller's name among the controllers sharing the prefix (unique)
 * @param leaseTtl with etcd, the leader's lease: how long a dead leader goes unnoticed at most (etcd grants at least
 *                 1.5 of its election timeouts, 2 s with its defaults)
 */
public record ControllerSettings(String listen, int openflowPort, int ovsdbPort, int restPort, Path dataDir,
                          java.util.List<String> ovsdbTargets, boolean tls, boolean insecure,
                          java.util.List<String> tlsNames, String dnsUpstream, java.time.Duration unpluggedGrace,
                          String store, String member, java.time.Duration leaseTtl) {
    static final String DNS_SYSTEM = "system";
    public static final String DNS_NONE = "none";
    public static final String JOURNAL = "journal";

    /** Settings with the default grace for unplugged endpoints and the embedded store. */
    public ControllerSettings(String listen, int openflowPort, int ovsdbPort, int restPort, Path dataDir,
                              java.util.List<String> ovsdbTargets, boolean tls, boolean insecure,
                              java.util.List<String> tlsNames, String dnsUpstream) {
        this(listen, openflowPort, ovsdbPort, restPort, dataDir, ovsdbTargets, tls, insecure, tlsNames, dnsUpstream,
                io.weft.apps.overlay.ControlPlane.Options.DEFAULT_UNPLUGGED_GRACE, JOURNAL, defaultMember(restPort),
                DEFAULT_LEASE_TTL);
    }

    /** The leader's lease: etcd's minimum with its default timers; a dead leader is replaced within about this. */
    public static final java.time.Duration DEFAULT_LEASE_TTL = java.time.Duration.ofSeconds(2);

    /** This machine's name and the REST port: unique among controllers on one machine and across machines. */
    static String defaultMember(int restPort) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "controller";
        }
        return host + "-" + restPort;
    }

    public ControllerSettings {
        EtcdTarget.parse(store); // refuses a malformed target now
        if (!member.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("--member '" + member + "' must be 1 to 64 letters, digits, '.', '_' or"
                    + " '-'");
        }
        if (leaseTtl.toSeconds() < 1 || leaseTtl.toSeconds() > 60) {
            throw new IllegalArgumentException("--lease-ttl must be between 1 and 60 seconds");
        }
        if (unpluggedGrace.isNegative() || unpluggedGrace.isZero() || unpluggedGrace.toHours() > 24) {
            throw new IllegalArgumentException("--unplugged-grace must be between 1 and 86400 seconds");
        }
        if (!dnsUpstream.equals(DNS_SYSTEM)) {
            parseDnsUpstream(dnsUpstream); // refuses a malformed address now; 'system' is read when it is used
        }
        ovsdbTargets = java.util.List.copyOf(ovsdbTargets);
        tlsNames = java.util.List.copyOf(tlsNames);
        for (String name : tlsNames) {
            if (!name.matches("[A-Za-z0-9.:-]{1,253}")) {
                throw new IllegalArgumentException("--tls-name '" + name + "' is not a DNS name or an IP address");
            }
        }
        for (int port : new int[] {openflowPort, ovsdbPort, restPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range 0..65535: " + port);
            }
        }
        if (!tls && !insecure && !isLoopback(listen)) {
            throw new IllegalArgumentException("refusing to serve plaintext on " + listen + ": any machine that"
                    + " reaches it could join as a host. Use --tls (hosts admitted with weft host add), or --insecure"
                    + " on a network you trust completely");
        }
    }

    /** The etcd cluster the topology is kept in, if not the embedded journal. */
    java.util.Optional<EtcdTarget> etcd() {
        return EtcdTarget.parse(store);
    }

    /** The same settings, keeping the topology where {@code store} says. */
    public ControllerSettings withStore(String store) {
        return new ControllerSettings(listen, openflowPort, ovsdbPort, restPort, dataDir, ovsdbTargets, tls, insecure,
                tlsNames, dnsUpstream, unpluggedGrace, store, member, leaseTtl);
    }

    /** The same settings, under another member name in its cluster. */
    public ControllerSettings withMember(String member) {
        return new ControllerSettings(listen, openflowPort, ovsdbPort, restPort, dataDir, ovsdbTargets, tls, insecure,
                tlsNames, dnsUpstream, unpluggedGrace, store, member, leaseTtl);
    }

    /** The upstream resolver this asks for, if any; IllegalArgumentException for a malformed one. */
    java.util.Optional<java.net.InetSocketAddress> dnsUpstreamAddress() {
        return parseDnsUpstream(dnsUpstream);
    }

    private static java.util.Optional<java.net.InetSocketAddress> parseDnsUpstream(String dnsUpstream) {
        if (dnsUpstream.equals(DNS_NONE)) {
            return java.util.Optional.empty();
        }
        if (dnsUpstream.equals(DNS_SYSTEM)) {
            return io.weft.apps.overlay.dns.DnsResponder.systemResolver(Path.of("/etc/resolv.conf"));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+)(?::([0-9]{1,5}))?").matcher(dnsUpstream);
        if (!m.matches() || Integer.parseInt(m.group(2) == null ? "53" : m.group(2)) > 65535) {
            throw new IllegalArgumentException("--dns-upstream '" + dnsUpstream + "' is not IPV4[:PORT], '"
                    + DNS_SYSTEM + "' or '" + DNS_NONE + "'");
        }
        return java.util.Optional.of(new java.net.InetSocketAddress(m.group(1),
                Integer.parseInt(m.group(2) == null ? "53" : m.group(2))));
    }

    /** Plaintext without --insecure is only for this machine. */
    static boolean isLoopback(String address) {
        return address.equals("localhost") || address.equals("::1") || address.startsWith("127.");
    }

    /** Settings for tests and in-process runs: plaintext on loopback. */
    public static ControllerSettings loopback(int openflowPort, int ovsdbPort, int restPort, Path dataDir) {
        return new ControllerSettings("127.0.0.1", openflowPort, ovsdbPort, restPort, dataDir,
                java.util.List.of(), false, false, java.util.List.of(), DNS_NONE);
    }
}
