package io.weft.apps.rest;

import java.util.Optional;

/**
 * Supplies a host's installed flows in {@code ovs-ofctl dump-flows} syntax, for {@code GET /api/v1/hosts/{name}/flows}.
 * The overlay application implements it; until then an implementation that knows no flows is enough.
 */
@FunctionalInterface
public interface HostFlowsSource {

    /** The flows of {@code hostName}, one per line; empty if none are known for it (yet). */
    Optional<String> flowsOf(String hostName);
}
