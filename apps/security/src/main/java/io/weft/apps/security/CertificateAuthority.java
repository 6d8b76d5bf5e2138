package io.weft.apps.security;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's own certificate authority, kept as PEM files under {@code <data dir>/pki} (created on first use):
 * it issues each admitted host's certificate (CN = the host's system-id) and the controller's server certificate,
 * and it is the only CA the controller's TLS ports trust. Keys are ECDSA P-256; private keys are written 0600.
 */
public final class CertificateAuthority {
    public static final String CA_CERT = "ca-cert.pem";
    public static final String CA_KEY = "ca-key.pem";
    static final String CONTROLLER_CERT = "controller-cert.pem";
    static final String CONTROLLER_KEY = "controller-key.pem";
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration HOST_VALIDITY = Duration.ofDays(730);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);

    private final Path directory;
    private final IssuedCertificate ca;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private CertificateAuthority(Path directory, IssuedCertificate ca, Clock clock) {
        this.directory = directory;
        this.ca = ca;
        this.clock = clock;
    }

    /** Loads the CA kept in {@code directory}, creating it (and the directory) if there is none. */
    public static CertificateAuthority openOrCreate(Path directory, Clock clock) {
        try {
            Files.createDirectories(directory);
            Path cert = directory.resolve(CA_CERT);
            Path key = directory.resolve(CA_KEY);
            if (Files.exists(cert) && Files.exists(key)) {
                return new CertificateAuthority(directory, read(cert, key), clock);
            }
            CertificateAuthority created = new CertificateAuthority(directory, selfSigned(clock), clock);
            write(directory, CA_CERT, CA_KEY, created.ca);
            LOG.info("created the controller's certificate authority in {}", directory);
            return created;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the certificate authority in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    public String certificatePem() {
        return ca.certificatePem();
    }

    /** A new key pair and a certificate for {@code commonName}, usable as TLS client and server. */
    public IssuedCertificate issue(String commonName, Duration validity) {
        return issue(commonName, validity, List.of());
    }

    /**
     * The controller's own certificate for its TLS ports, issued on first use and kept beside the CA; reissued when
     * it is within 30 days of expiring or does not name every address and DNS name asked for (clients of the HTTPS
     * API check the name they connect to against these).
     */
    public IssuedCertificate controllerCertificate(List<String> subjectAltNames) {
        Path cert = directory.resolve(CONTROLLER_CERT);
        Path key = directory.resolve(CONTROLLER_KEY);
        try {
            if (Files.exists(cert) && Files.exists(key)) {
                IssuedCertificate existing = read(cert, key);
                if (existing.certificate().getNotAfter().toInstant().isAfter(clock.instant().plus(Duration.ofDays(30)))
                        && namesOf(existing.certificate()).containsAll(subjectAltNames)) {
                    return existing;
                }
            }
            IssuedCertificate issued = issue("weft-controller", HOST_VALIDITY, subjectAltNames);
            write(directory, CONTROLLER_CERT, CONTROLLER_KEY, issued);
            return issued;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the controller certificate in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    private IssuedCertificate issue(String commonName, Duration validity, List<String> subjectAltNames) {
        Objects.requireNonNull(commonName, "commonName");
        try {
            KeyPair keys = newKeyPair();
            Instant now = clock.instant();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(),
                    new BigInteger(127, random), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)), new X500Principal("CN=" + escape(commonName) + ", O=Weft"),
                    keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                            | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(ca.certificate()));
            if (!subjectAltNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        subjectAltNames.stream().map(CertificateAuthority::altName).toArray(GeneralName[]::new)));
            }
            return new IssuedCertificate(sign(builder, ca.privateKey()), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    private static IssuedCertificate selfSigned(Clock clock) {
        try {
            KeyPair keys = newKeyPair();
            Instant now = clock.instant();
            X500Principal subject = new X500Principal("CN=Weft controller CA " + now.getEpochSecond() + ", O=Weft");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new IssuedCertificate(sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a certificate authority: " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** The DNS names and IP addresses a certificate names. */
    static java.util.Set<String> namesOf(X509Certificate certificate) {
        java.util.Set<String> names = new java.util.HashSet<>();
        try {
            var sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    names.add(String.valueOf(san.get(1)));
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // unreadable names: treated as naming nothing, so the certificate is reissued
        }
        return names;
    }

    private static GeneralName altName(String name) {
        boolean address = name.matches("[0-9.]+") || name.contains(":");
        return new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name);
    }

    /** RFC 4514 escaping: a system-id is free text. */
    private static String escape(String value) {
        return javax.naming.ldap.Rdn.escapeValue(value);
    }

    private static IssuedCertificate read(Path cert, Path key) throws IOException {
        return new IssuedCertificate(Pem.readCertificate(Files.readString(cert, StandardCharsets.US_ASCII)),
                Pem.readPrivateKey(Files.readString(key, StandardCharsets.US_ASCII)));
    }

    /** Writes key then certificate, each atomically; the key is never readable by others, not even briefly. */
    private static void write(Path directory, String certName, String keyName, IssuedCertificate issued)
            throws IOException {
        writeAtomically(directory.resolve(keyName), issued.privateKeyPem(), true);
        writeAtomically(directory.resolve(certName), issued.certificatePem(), false);
    }

    /**
     * Writes a file of the PKI directory in one step (written beside it, then renamed over it), {@code secret} ones
     * readable by the controller's user only.
     */
    public static void writeAtomically(Path target, String text, boolean secret) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (secret) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
