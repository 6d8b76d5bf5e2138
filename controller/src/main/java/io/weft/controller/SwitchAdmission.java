package io.weft.controller;

import java.util.Optional;

/**
 * Decides whether a switch session that has finished its handshake may stand for the datapath id it claims. A
 * refused session is closed before anything is sent to it and before any listener hears of it.
 */
@FunctionalInterface
public interface SwitchAdmission {
    /** Admits every session; a newer session for a datapath replaces the older one (plaintext lab mode). */
    SwitchAdmission ANY = (candidate, current) -> Optional.empty();

    /**
     * @param candidate the new session (its datapath id, address and, over TLS, its certificate)
     * @param current   the live session registered for the same datapath id, if any
     * @return empty to admit, or why not (logged)
     */
    Optional<String> refusal(SwitchHandle candidate, Optional<SwitchHandle> current);
}
