package io.weft.apps.overlay;

import java.time.Duration;

/**
 * What the overlay tells an observer (the metrics) as it works. Called on the overlay's worker thread: an
 * implementation must return at once and never call back into the overlay.
 */
public interface OverlayObserver {
    OverlayObserver NONE = new OverlayObserver() {
    };

    /**
     * One OpenFlow transaction to {@code host}'s switch ended: confirmed by its barrier or bundle commit, or failed.
     *
     * @param ops     flow and group changes it carried
     * @param elapsed from sending its first message to its confirmation or failure
     */
    default void transactionDone(String host, int ops, Duration elapsed, boolean confirmed) {
    }

    /** An endpoint became installed, {@code sincePlug} after the controller learnt of its port. */
    default void endpointInstalled(Duration sincePlug) {
    }

    /** An audit of {@code host}'s switch found and repaired {@code repairs} differences (zero: none). */
    default void auditDone(String host, int repairs) {
    }
}
