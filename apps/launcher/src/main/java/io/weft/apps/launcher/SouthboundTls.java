package io.weft.apps.launcher;

import io.netty.handler.ssl.SslContext;
import io.weft.apps.provisioning.HostAuthenticator;
import io.weft.apps.security.CertificateAuthority;
import io.weft.apps.security.HostIdentities;
import io.weft.apps.security.IssuedCertificate;
import io.weft.apps.security.TlsContexts;
import io.weft.controller.SwitchAdmission;
import io.weft.controller.SwitchHandle;
import io.weft.topology.Host;
import io.weft.topology.Topology;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The southbound in TLS mode: the controller's CA under {@code <data dir>/pki}, the TLS contexts of the OVSDB and
 * OpenFlow ports, and the rules that bind what a peer says to the certificate it proved: an OVSDB session speaks only
 * for the host its certificate was issued to, and a switch only for the datapath that host's OVSDB session declared.
 */
final class SouthboundTls {
    static final String PKI_DIRECTORY = "pki";

    private final CertificateAuthority ca;
    private final SslContext server;
    private final SslContext client;
    private final HostIdentities identities;
    /** The topology the leader serves; empty on a standby, which has none yet. */
    private final java.util.function.Supplier<Optional<Topology>> topology;

    private final IssuedCertificate controller;

    private SouthboundTls(CertificateAuthority ca, IssuedCertificate controller,
                          java.util.function.Supplier<Optional<Topology>> topology) {
        this.ca = ca;
        this.controller = controller;
        this.server = TlsContexts.server(ca, controller);
        this.client = TlsContexts.client(ca, controller);
        this.topology = topology;
        this.identities = new HostIdentities(name -> topology.get().flatMap(t -> t.host(name))
                .flatMap(Host::certificate));
    }

    /**
     * @param tlsNames further names and addresses clients of the HTTPS API reach the controller at (--tls-name); the
     *                 certificate also names loopback, the --listen address if it is one, and this machine's name
     */
    static SouthboundTls open(Path dataDir, String listen, List<String> tlsNames, Topology topology) {
        return open(dataDir, listen, tlsNames, () -> Optional.of(topology));
    }

    /**
     * A cluster member's: {@code topology} is empty while it stands by. A standby admits a switch on its certificate
     * alone (issued by the cluster's CA: the TLS handshake checked it) and sends it nothing; the leader it becomes
     * asks again ({@link io.weft.controller.SwitchRegistry#readmit()}) with the topology.
     */
    static SouthboundTls open(Path dataDir, String listen, List<String> tlsNames,
                              java.util.function.Supplier<Optional<Topology>> topology) {
        CertificateAuthority ca = CertificateAuthority.openOrCreate(dataDir.resolve(PKI_DIRECTORY), Clock.systemUTC());
        java.util.Set<String> names = new java.util.LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        if (!listen.equals("0.0.0.0") && !listen.equals("::")) {
            names.add(listen);
        }
        try {
            names.add(java.net.InetAddress.getLocalHost().getHostName());
        } catch (java.net.UnknownHostException e) {
            // no name for this machine: clients use an address or a --tls-name
        }
        names.addAll(tlsNames);
        return new SouthboundTls(ca, ca.controllerCertificate(List.copyOf(names)), topology);
    }

    /** HTTPS for the REST API, with the same controller certificate. */
    javax.net.ssl.SSLContext restTls() {
        return TlsContexts.restServer(ca, controller);
    }

    /** HTTPS to another member's API (a standby forwarding to its leader), trusting this CA only. */
    javax.net.ssl.SSLContext restClientTls() {
        return TlsContexts.restClient(ca);
    }

    CertificateAuthority ca() {
        return ca;
    }

    Optional<SslContext> server() {
        return Optional.of(server);
    }

    Optional<SslContext> client() {
        return Optional.of(client);
    }

    /** OVSDB: the session's system-id must be the host its certificate was issued to. */
    HostAuthenticator hostAuthenticator() {
        return identities::refusalFor;
    }

    /**
     * OpenFlow: the certificate must be an admitted host's, and the datapath id the one that host's OVSDB session
     * reported for its br-int. A live session for the datapath is replaced only by the same host reconnecting.
     */
    SwitchAdmission switchAdmission() {
        return (candidate, current) -> {
            if (topology.get().isEmpty()) {
                return candidate.peerCertificate().isPresent() ? Optional.empty()
                        : Optional.of("no certificate on a TLS session");
            }
            Topology topology = this.topology.get().get();
            HostIdentities.Identity identity = identities.identify(candidate.peerCertificate());
            if (identity instanceof HostIdentities.Refused refused) {
                return Optional.of(refused.reason());
            }
            String host = ((HostIdentities.Admitted) identity).host();
            Optional<String> declared = topology.host(host).flatMap(Host::datapathId);
            String dpid = candidate.datapathId().toString();
            if (declared.isEmpty()) {
                return Optional.of("host '" + host + "' has not declared its br-int datapath id over OVSDB yet");
            }
            if (!declared.get().equals(dpid)) {
                return Optional.of("datapath " + dpid + " is not host '" + host + "'s br-int (" + declared.get() + ")");
            }
            return current.filter(live -> !sameHost(live, host))
                    .map(live -> "datapath " + dpid + " is held by another host's session");
        };
    }

    private boolean sameHost(SwitchHandle live, String host) {
        return identities.identify(live.peerCertificate()) instanceof HostIdentities.Admitted admitted
                && admitted.host().equals(host);
    }
}
