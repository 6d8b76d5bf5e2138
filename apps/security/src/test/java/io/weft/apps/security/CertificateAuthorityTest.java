package io.weft.apps.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path dir;

    @Test
    void issuesHostCertificatesItSignsAndKeepsItselfAcrossRestarts() throws Exception {
        CertificateAuthority ca = CertificateAuthority.openOrCreate(dir, Clock.systemUTC());
        IssuedCertificate node1 = ca.issue("node1", CertificateAuthority.HOST_VALIDITY);

        node1.certificate().verify(ca.certificate().getPublicKey());
        node1.certificate().checkValidity();
        assertThat(Certificates.commonName(node1.certificate())).contains("node1");
        assertThat(node1.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1");
        assertThat(ca.certificate().getBasicConstraints()).isZero();
        assertThat(node1.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(node1.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(CertificateAuthority.CA_KEY))))
                .isEqualTo("rw-------");

        CertificateAuthority reopened = CertificateAuthority.openOrCreate(dir, Clock.systemUTC());
        assertThat(Certificates.fingerprint(reopened.certificate())).isEqualTo(Certificates.fingerprint(ca.certificate()));
        node1.certificate().verify(reopened.certificate().getPublicKey());
        IssuedCertificate controller = reopened.controllerCertificate(List.of("127.0.0.1", "weft.example"));
        assertThat(reopened.controllerCertificate(List.of()).fingerprint()).as("kept, not reissued")
                .isEqualTo(controller.fingerprint());
        assertThat(controller.certificate().getSubjectAlternativeNames()).hasSize(2);
    }

    @Test
    void aNameThatNeedsEscapingStaysOneCommonName() {
        CertificateAuthority ca = CertificateAuthority.openOrCreate(dir, Clock.systemUTC());
        IssuedCertificate odd = ca.issue("rack-1,node=2+x", CertificateAuthority.HOST_VALIDITY);
        assertThat(Certificates.commonName(odd.certificate())).contains("rack-1,node=2+x");
    }

    @Test
    void aPeerIsTheHostItsCertificateWasIssuedToAndNoOneElse() {
        CertificateAuthority ca = CertificateAuthority.openOrCreate(dir, Clock.systemUTC());
        IssuedCertificate node1 = ca.issue("node1", CertificateAuthority.HOST_VALIDITY);
        IssuedCertificate replaced = ca.issue("node1", CertificateAuthority.HOST_VALIDITY);
        IssuedCertificate stranger = ca.issue("node9", CertificateAuthority.HOST_VALIDITY);
        HostIdentities identities = new HostIdentities(name -> Optional.ofNullable(
                Map.of("node1", node1.fingerprint()).get(name)));

        assertThat(identities.identify(Optional.of(node1.certificate())))
                .isEqualTo(new HostIdentities.Admitted("node1"));
        assertThat(identities.refusalFor(Optional.of("node1"), Optional.of(node1.certificate()))).isEmpty();
        assertThat(identities.refusalFor(Optional.of("node2"), Optional.of(node1.certificate())))
                .contains("it claims system-id 'node2' but its certificate is host 'node1's");
        assertThat(identities.refusalFor(Optional.empty(), Optional.of(node1.certificate())))
                .contains("host 'node1' has not set external_ids:system-id");
        assertThat(refusal(identities, replaced.certificate())).contains("not the one issued when the host was admitted");
        assertThat(refusal(identities, stranger.certificate())).contains("host 'node9', which is not admitted");
        assertThat(identities.refusalFor(Optional.of("node1"), Optional.empty())).contains("no client certificate");
    }

    private static String refusal(HostIdentities identities, X509Certificate certificate) {
        return ((HostIdentities.Refused) identities.identify(Optional.of(certificate))).reason();
    }
}
