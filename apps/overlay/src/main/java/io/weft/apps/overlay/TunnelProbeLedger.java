package io.weft.apps.overlay;

import io.weft.topology.TunnelHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tunnel probes arrived, and the verdict on each host: no I/O, no clock of its own (times are given), so it is
 * tested directly.
 *
 * <p>Hosts are probed in a ring: each sends to the next {@code peersPerHost} hosts in name order and so hears from
 * the previous ones. A host is {@code UP} once a probe it sent arrived somewhere and a probe sent to it arrived,
 * both within the detection time; {@code DOWN} when either has not happened for the detection time since it was
 * first probed (probeable, with a peer). With three or more hosts a broken host's peers still exchange probes with others and stay up; with two,
 * the probes cannot tell which end is at fault and both are reported.
 */
final class TunnelProbeLedger {
    private final int peersPerHost;
    private final long detectionNanos;
    /** When a probe from a host to another last arrived, by "from\nto". Written from I/O threads. */
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    /** Since when each host has been probed, i.e. probeable with a peer (kept across rounds while it stays so). */
    private final Map<String, Long> probedSince = new HashMap<>();

    TunnelProbeLedger(int peersPerHost, Duration detection) {
        if (peersPerHost < 1) {
            throw new IllegalArgumentException("peersPerHost must be at least 1");
        }
        this.peersPerHost = peersPerHost;
        this.detectionNanos = detection.toNanos();
    }

    /** The hosts {@code host} probes this round: the next ones after it in {@code sortedHosts}, wrapping around. */
    List<String> peersOf(List<String> sortedHosts, String host) {
        int index = sortedHosts.indexOf(host);
        int count = Math.min(peersPerHost, sortedHosts.size() - 1);
        List<String> peers = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            peers.add(sortedHosts.get((index + i) % sortedHosts.size()));
        }
        return peers;
    }

    void arrived(String from, String to, long nanos) {
        arrivals.merge(from + "\n" + to, nanos, Math::max);
    }

    /** The verdict on every probeable host ({@code sortedHosts}, in name order) at {@code now}. */
    Map<String, TunnelHealth> evaluate(List<String> sortedHosts, long now) {
        probedSince.keySet().retainAll(new HashSet<>(sortedHosts));
        arrivals.keySet().removeIf(key -> !sortedHosts.containsAll(List.of(key.split("\n", 2))));
        Map<String, List<String>> sendsTo = new LinkedHashMap<>();
        Map<String, List<String>> hearsFrom = new HashMap<>();
        for (String host : sortedHosts) {
            List<String> peers = peersOf(sortedHosts, host);
            if (peers.isEmpty()) {
                probedSince.remove(host);
            } else {
                probedSince.putIfAbsent(host, now);
            }
            sendsTo.put(host, peers);
            peers.forEach(peer -> hearsFrom.computeIfAbsent(peer, p -> new ArrayList<>()).add(host));
        }
        Map<String, TunnelHealth> verdicts = new LinkedHashMap<>();
        for (String host : sortedHosts) {
            verdicts.put(host, verdict(host, sendsTo.get(host), hearsFrom.getOrDefault(host, List.of()), now));
        }
        return verdicts;
    }

    private TunnelHealth verdict(String host, List<String> sendsTo, List<String> hearsFrom, long now) {
        if (sendsTo.isEmpty()) {
            return TunnelHealth.unchecked("no other host to probe");
        }
        List<String> reached = recent(sendsTo, peer -> host + "\n" + peer, now);
        List<String> heard = recent(hearsFrom, peer -> peer + "\n" + host, now);
        if (!reached.isEmpty() && !heard.isEmpty()) {
            return TunnelHealth.up("probes reach " + String.join(", ", reached) + " and arrive from "
                    + String.join(", ", heard));
        }
        if (now - probedSince.get(host) < detectionNanos) {
            return TunnelHealth.unchecked("probing");
        }
        List<String> problems = new ArrayList<>(2);
        if (reached.isEmpty()) {
            problems.add("no probe from it reached " + String.join(", ", sendsTo));
        }
        if (heard.isEmpty()) {
            problems.add("no probe from " + String.join(", ", hearsFrom) + " reached it");
        }
        return TunnelHealth.down(String.join("; ", problems) + " for " + Duration.ofNanos(detectionNanos).toSeconds()
                + " s");
    }

    private List<String> recent(List<String> peers, java.util.function.UnaryOperator<String> key, long now) {
        Set<String> seen = new HashSet<>();
        List<String> recent = new ArrayList<>();
        for (String peer : peers) {
            Long at = arrivals.get(key.apply(peer));
            if (at != null && now - at <= detectionNanos && seen.add(peer)) {
                recent.add(peer);
            }
        }
        recent.sort(null);
        return recent;
    }
}
