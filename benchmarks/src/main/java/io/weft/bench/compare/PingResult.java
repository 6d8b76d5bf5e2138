package io.weft.bench.compare;

/**
 * One system's time to first ping on netdev hosts, and optionally a controller restart watched by a
 * continuous ping between two of its containers.
 *
 * @param restart         what the restart did to host 0's flow table (null: no restart)
 * @param seenToReady     on the system's own clock: port seen -> ready mark confirmed, for the timed ports (empty
 *                        if it keeps no such account)
 * @param ownPart         of that, the system's own part: port seen -> its flows written to the switches
 * @param pingAcrossRestart the continuous ping's requests and losses over the control and restart rounds
 */
record PingResult(String system, int hosts, int background, Latencies apiToFirstPing, Latencies plugToFirstPing,
                  Latencies apiToReady, Latencies plugToReady, Latencies readyToFirstPing, Latencies seenToReady,
                  Latencies ownPart, RestartResult restart,
                  ContinuousPing.Outcome pingAcrossRestart) {

    PingResult pooledWith(PingResult other) {
        return new PingResult(system, hosts, background, apiToFirstPing.plus(other.apiToFirstPing),
                plugToFirstPing.plus(other.plugToFirstPing), apiToReady.plus(other.apiToReady),
                plugToReady.plus(other.plugToReady),
                readyToFirstPing.plus(other.readyToFirstPing), seenToReady.plus(other.seenToReady),
                ownPart.plus(other.ownPart), restart, pingAcrossRestart);
    }
}
