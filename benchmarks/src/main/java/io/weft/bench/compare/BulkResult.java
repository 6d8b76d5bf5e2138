package io.weft.bench.compare;

/**
 * One system's bulk run: all endpoints created in bulk, plugged host by host, until every one is ready.
 *
 * @param allReadySeconds   first API call -> last ready mark
 * @param installSeconds    first port seen in OVSDB -> last ready mark (the window flows are installed in)
 * @param flowsAdded        flows on all hosts after, minus before (networks only)
 * @param meanFlowsPerHost  flows per host after
 * @param rssAfterKb        controller processes' RSS after
 */
record BulkResult(String system, int hosts, int networks, int endpoints, double allReadySeconds,
                  double installSeconds, long flowsAdded, double meanFlowsPerHost, long rssAfterKb) {

    double flowsPerSecond() {
        return flowsAdded / installSeconds;
    }
}
