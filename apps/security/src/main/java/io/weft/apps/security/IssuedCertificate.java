package io.weft.apps.security;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A certificate the controller's CA signed, with its private key. */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    public String privateKeyPem() {
        return Pem.privateKey(privateKey);
    }

    /** SHA-256 of the certificate, lower-case hex: what a host's admission records and its sessions must present. */
    public String fingerprint() {
        return Certificates.fingerprint(certificate);
    }
}
