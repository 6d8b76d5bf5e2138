package io.weft.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowingConsumer;

/** Small helpers shared by the topology tests. */
final class TopologyTestSupport {
    static final String HOST = "host-1";

    private TopologyTestSupport() {
    }

    /** An in-memory topology that already knows {@link #HOST}. */
    static Topology topologyWithHost() {
        Topology topology = Topology.inMemory();
        topology.upsertHost(Host.named(HOST));
        return topology;
    }

    static String ip(Endpoint endpoint) {
        return Ipv4.format(endpoint.ip());
    }

    static String mac(Endpoint endpoint) {
        return MacAddress.format(endpoint.mac());
    }

    /**
     * Runs an operation that must be refused, checks the error kind and message, and that the snapshot (which
     * includes the change counter) is exactly what it was.
     */
    static void assertRefused(Topology topology, ErrorKind kind, String messagePart,
                              ThrowingConsumer<Topology> operation) {
        TopologySnapshot before = topology.snapshot();
        TopologyException error = catchThrowableOfType(TopologyException.class,
                () -> operation.accept(topology));
        assertThat(error).as("expected a refusal containing '%s'", messagePart).isNotNull();
        assertThat(error.kind()).as(error.getMessage()).isEqualTo(kind);
        assertThat(error).hasMessageContaining(messagePart);
        assertThat(topology.snapshot()).isEqualTo(before);
    }
}
