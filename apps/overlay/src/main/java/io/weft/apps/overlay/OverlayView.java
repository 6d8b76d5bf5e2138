package io.weft.apps.overlay;

/** What {@link OverlayApp#inspect} shows a reader, on the overlay's worker: valid only during the call. */
public interface OverlayView {
    /** Everything Weft wants on the host's switch (the base flows at least, for any known host). */
    HostFlows desired(String host);

    /** Whether the host's switch has confirmed the desired flow with this cookie; false while it is not connected. */
    boolean confirmed(String host, long cookie);
}
