package io.weft.topology;

import java.util.Optional;

/**
 * One committed change to the topology. Listeners receive events in commit order, each after the change is durable.
 * Every event carries the full new value so a listener never has to read the topology back to act on it.
 */
public sealed interface TopologyEvent {

    record NetworkAdded(Network network) implements TopologyEvent {
    }

    record NetworkRemoved(Network network) implements TopologyEvent {
    }

    /** The network's attributes changed (its deletion was requested); its addressing never does. */
    record NetworkUpdated(Network network, Network previous) implements TopologyEvent {
    }

    record EndpointAdded(Endpoint endpoint) implements TopologyEvent {
    }

    record EndpointRemoved(Endpoint endpoint) implements TopologyEvent {
    }

    record EndpointStatusChanged(Endpoint endpoint, EndpointStatus previous) implements TopologyEvent {
    }

    /** The endpoint's DNS aliases changed; nothing else about it did. */
    record EndpointAliasesChanged(Endpoint endpoint, java.util.List<String> previous) implements TopologyEvent {
    }

    /** The endpoint's interface was found (or moved); {@code endpoint.binding()} holds the new binding. */
    record EndpointBound(Endpoint endpoint, Optional<OvsBinding> previous) implements TopologyEvent {
    }

    record EndpointUnbound(Endpoint endpoint, OvsBinding previous) implements TopologyEvent {
    }

    /** A host appeared ({@code previous} empty) or changed. */
    record HostUpdated(Host host, Optional<Host> previous) implements TopologyEvent {
    }

    record HostRemoved(Host host) implements TopologyEvent {
    }

    /** A router was created ({@code previous} empty), or a network attached to or detached from it. */
    record RouterUpdated(Router router, Optional<Router> previous) implements TopologyEvent {
    }

    record RouterRemoved(Router router) implements TopologyEvent {
    }
}
