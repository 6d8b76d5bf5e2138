package io.weft.apps.provisioning;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Decides whether an OVSDB session may speak for the host it names (its {@code system-id}). A refused session is
 * closed: nothing it reports is believed, and nothing is written to it.
 */
@FunctionalInterface
public interface HostAuthenticator {
    /** Believes every session (plaintext lab mode). */
    HostAuthenticator ANY = (systemId, certificate) -> Optional.empty();

    /**
     * @param systemId    the session's {@code external_ids:system-id}, if it set one
     * @param certificate the certificate it proved over TLS, if any
     * @return empty to accept, or why not (logged)
     */
    Optional<String> refusal(Optional<String> systemId, Optional<X509Certificate> certificate);
}
