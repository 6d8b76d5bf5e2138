package io.weft.apps.security;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which admitted host a peer's certificate stands for. The TLS layer has already checked that the certificate is
 * valid and signed by the controller's CA; here it must also be <em>the</em> certificate issued when its CN was
 * admitted (the fingerprint the host's admission recorded), so a removed host's or a replaced certificate admits
 * nobody.
 */
public final class HostIdentities {
    private final Function<String, Optional<String>> admittedFingerprint;

    /** @param admittedFingerprint the certificate fingerprint recorded for an admitted host, by host name */
    public HostIdentities(Function<String, Optional<String>> admittedFingerprint) {
        this.admittedFingerprint = Objects.requireNonNull(admittedFingerprint, "admittedFingerprint");
    }

    /** The identity of a peer: the admitted host it is, or why it is none. */
    public sealed interface Identity {
    }

    public record Admitted(String host) implements Identity {
    }

    public record Refused(String reason) implements Identity {
    }

    public Identity identify(Optional<X509Certificate> certificate) {
        if (certificate.isEmpty()) {
            return new Refused("no client certificate");
        }
        Optional<String> name = Certificates.commonName(certificate.get());
        if (name.isEmpty()) {
            return new Refused("its certificate has no CN");
        }
        Optional<String> admitted = admittedFingerprint.apply(name.get());
        if (admitted.isEmpty()) {
            return new Refused("its certificate names host '" + name.get() + "', which is not admitted"
                    + " (weft host add " + name.get() + ")");
        }
        if (!admitted.get().equals(Certificates.fingerprint(certificate.get()))) {
            return new Refused("its certificate for host '" + name.get() + "' is not the one issued when the host was"
                    + " admitted (replaced or revoked)");
        }
        return new Admitted(name.get());
    }

    /** Why a peer with this certificate may not speak for {@code systemId}, if it may not. */
    public Optional<String> refusalFor(Optional<String> systemId, Optional<X509Certificate> certificate) {
        Identity identity = identify(certificate);
        if (identity instanceof Refused refused) {
            return Optional.of(refused.reason());
        }
        String host = ((Admitted) identity).host();
        if (systemId.isEmpty()) {
            return Optional.of("host '" + host + "' has not set external_ids:system-id");
        }
        if (!systemId.get().equals(host)) {
            return Optional.of("it claims system-id '" + systemId.get() + "' but its certificate is host '" + host
                    + "'s");
        }
        return Optional.empty();
    }
}
