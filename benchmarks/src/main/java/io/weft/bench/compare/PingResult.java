package io.weft.bench.compare;

/**
 * One system's time to first ping on netdev hosts, and optionally a controller restart watched by a
 * continuous ping between two of its containers.
 *
 * @param restart         what the restart did to host 0's flow table (null: no restart)
 * @param ownPart         the system's own account of its part (port seen -> mark confirmed) for the timed ports;
 *                        empty if it keeps none
 * @param pingAcrossRestart the continuous ping's requests and losses over the control and restart rounds
 */
record PingResult(String system, int hosts, int background, Latencies apiToFirstPing, Latencies plugToFirstPing,
                  Latencies apiToReady, Latencies plugToReady, Latencies readyToFirstPing, Latencies ownPart, RestartResult restart,
                  ContinuousPing.Outcome pingAcrossRestart) {

    PingResult pooledWith(PingResult other) {
        return new PingResult(system, hosts, background, apiToFirstPing.plus(other.apiToFirstPing),
                plugToFirstPing.plus(other.plugToFirstPing), apiToReady.plus(other.apiToReady),
                plugToReady.plus(other.plugToReady),
                readyToFirstPing.plus(other.readyToFirstPing), ownPart.plus(other.ownPart), restart, pingAcrossRestart);
    }
}
