package io.weft.bench.compare;

/**
 * What one controller restart did to one host's flow table (from the flow monitor) and how long until the
 * controller was back in service there (a new endpoint on that host reached its readiness mark).
 *
 * @param flowsOnHost         flows on the host before the restart
 * @param apiUpMs             restart issued -> the API takes calls again
 * @param probeReadyMs        restart issued -> a port created after it is marked ready on that host
 * @param lastFlowEventMs     restart issued -> the last flow change seen (0 if none)
 * @param added               ADDED events (the probe's own flows included)
 * @param deleted             DELETED events
 * @param modified            MODIFIED events
 * @param deletedThenReadded  flows deleted and later added again with the same table, cookie and match
 * @param maxGapMs            the longest such flow was absent
 * @param changedAfter        flows present before the restart and absent, or with other actions, after it
 * @param controlDeleted      DELETED events in the control round (same probe, no restart)
 * @param controlChanged      flows changed or gone in the control round
 * @param replaceFlowsFloorMs OVS's own floor for a hitless resync of that host, measured after the restart:
 *                            {@code ovs-ofctl replace-flows} of exactly its flows (NaN if not measured)
 */
record RestartResult(long flowsOnHost, double apiUpMs, double probeReadyMs, double lastFlowEventMs, int added,
                     int deleted, int modified, int deletedThenReadded, double maxGapMs, int changedAfter,
                     int controlDeleted, int controlChanged, double replaceFlowsFloorMs) {
}
