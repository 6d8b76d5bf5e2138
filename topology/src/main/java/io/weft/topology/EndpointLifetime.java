package io.weft.topology;

import java.util.Locale;

/**
 * How long an endpoint lives. {@link #MANAGED}: until it is deleted (the API, the CLI, Docker's DeleteEndpoint).
 * {@link #PORT}: also until its OVS port has been gone for a grace period, for runtimes whose delete may never come
 * (a CNI DEL is best effort: a host crash, a runtime that lost track of a container, {@code ctr run -d}).
 */
public enum EndpointLifetime {
    MANAGED, PORT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EndpointLifetime fromLabel(String label) {
        for (EndpointLifetime l : values()) {
            if (l.label().equals(label)) {
                return l;
            }
        }
        throw TopologyException.invalid("lifetime must be 'managed' or 'port', not '" + label + "'");
    }
}
