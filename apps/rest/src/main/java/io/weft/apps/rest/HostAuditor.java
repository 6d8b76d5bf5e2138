package io.weft.apps.rest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Audits a host's switch on demand ({@code POST /api/v1/hosts/{host}/audit}): the overlay's business, not REST's. */
@FunctionalInterface
public interface HostAuditor {
    HostAuditor NONE = host -> CompletableFuture.failedFuture(new IllegalStateException("no overlay to audit with"));

    /** Completes once the switch was read back and any difference repaired; fails if it has no connected switch. */
    CompletableFuture<Audit> audit(String host);

    /** What the audit read back and what it repaired. */
    record Audit(int flowsRead, int groupsRead, List<String> repairs) {
    }
}
