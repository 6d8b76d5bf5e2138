package io.weft.apps.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a client shows the controller's API and what it trusts: a bearer token, and the CA certificate an
 * {@code https://} controller's certificate must be signed by (the controller's own CA, {@code DATA_DIR/pki/ca-cert.pem},
 * which {@code weft host add} also writes). Without a CA file, Java's default trust store is used.
 */
public record ApiCredentials(Optional<String> token, Optional<Path> caFile) {
    public static final ApiCredentials NONE = new ApiCredentials(Optional.empty(), Optional.empty());

    /**
     * The token from {@code tokenFile} if given, else from {@code WEFT_TOKEN}; a file that cannot be read or holds no
     * token is an error, not a silent fall back to no token.
     */
    public static ApiCredentials of(Path tokenFile, String tokenFromEnvironment, Path caFile) {
        Optional<String> token;
        if (tokenFile != null) {
            try {
                String text = Files.readString(tokenFile).strip();
                if (text.isEmpty() || text.contains("\n")) {
                    throw new CliFailure("token file " + tokenFile + " must hold one token (weft_...) on one line");
                }
                token = Optional.of(text);
            } catch (IOException e) {
                throw new CliFailure("cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        } else {
            token = Optional.ofNullable(tokenFromEnvironment).map(String::strip).filter(t -> !t.isEmpty());
        }
        return new ApiCredentials(token, Optional.ofNullable(caFile));
    }

    /** The TLS context trusting only the CA file, if one was given. */
    public Optional<SSLContext> sslContext() {
        if (caFile.isEmpty()) {
            return Optional.empty();
        }
        Path file = caFile.get();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca" + i++, cert);
            }
            if (i == 0) {
                throw new CliFailure("CA file " + file + " holds no certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return Optional.of(context);
        } catch (IOException e) {
            throw new CliFailure("cannot read the CA file " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new CliFailure("CA file " + file + " is not a PEM certificate: " + e.getMessage());
        }
    }
}
