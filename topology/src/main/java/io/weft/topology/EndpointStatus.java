package io.weft.topology;

import java.util.Locale;

/** Whether the overlay has programmed an endpoint's flows yet. */
public enum EndpointStatus {
    /** Known to the topology, not yet (or no longer) reachable through the overlay. */
    PENDING,
    /** Its flows are installed on the switches. */
    INSTALLED;

    /** The lower-case name used in the API, e.g. {@code pending}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Inverse of {@link #label()}; case-insensitive. */
    public static EndpointStatus fromLabel(String label) {
        for (EndpointStatus status : values()) {
            if (status.name().equalsIgnoreCase(label)) {
                return status;
            }
        }
        throw TopologyException.invalid("invalid status '" + label + "': expected pending or installed");
    }
}
