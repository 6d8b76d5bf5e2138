package io.weft.apps.security;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Netty TLS contexts for the controller's southbound ports: the controller presents its certificate, and a peer must
 * present one signed by the controller's CA (and no other CA). Which host a valid certificate stands for is decided
 * afterwards, from its CN and fingerprint, against the host's admission.
 */
public final class TlsContexts {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /** For listening ports (passive OVSDB, OpenFlow): client certificates required. */
    public static SslContext server(CertificateAuthority ca, IssuedCertificate controller) {
        try {
            return SslContextBuilder.forServer(controller.privateKey(), controller.certificate())
                    .trustManager(ca.certificate()).clientAuth(ClientAuth.REQUIRE).protocols(PROTOCOLS).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS server context: " + e.getMessage(), e);
        }
    }

    /**
     * For connections the controller makes (active OVSDB, {@code --ovsdb-connect ssl:...}). No host name check: a host
     * certificate names the host, not an address, and which host it is is checked against its admission after the
     * handshake, exactly as on the listening ports.
     */
    public static SslContext client(CertificateAuthority ca, IssuedCertificate controller) {
        try {
            return SslContextBuilder.forClient().keyManager(controller.privateKey(), controller.certificate())
                    .trustManager(ca.certificate()).protocols(PROTOCOLS).endpointIdentificationAlgorithm(null)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS client context: " + e.getMessage(), e);
        }
    }

    /**
     * For the REST API (HTTPS): the controller presents its certificate and its CA's; clients are not asked for one
     * (they prove who they are with a bearer token) and check the controller against the CA file they were given.
     */
    public static SSLContext restServer(CertificateAuthority ca, IssuedCertificate controller) {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("weft-controller", controller.privateKey(), password,
                    new Certificate[] {controller.certificate(), ca.certificate()});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the REST API's TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * For a controller calling another's REST API (a cluster's standby forwarding to its leader): trusts the CA only,
     * and checks the leader's certificate names against the address it calls.
     */
    public static SSLContext restClient(CertificateAuthority ca) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("weft-ca", ca.certificate());
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the REST client's TLS context: " + e.getMessage(), e);
        }
    }
}
