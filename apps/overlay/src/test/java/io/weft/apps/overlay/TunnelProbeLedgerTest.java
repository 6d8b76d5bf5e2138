package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.topology.TunnelHealth;
import io.weft.topology.TunnelHealth.State;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TunnelProbeLedgerTest {
    private static final long SECOND = 1_000_000_000L;
    private final TunnelProbeLedger ledger = new TunnelProbeLedger(3, Duration.ofSeconds(5));

    @Test
    void eachHostProbesTheNextOnesInTheRing() {
        List<String> hosts = List.of("a", "b", "c", "d", "e");
        assertThat(ledger.peersOf(hosts, "a")).containsExactly("b", "c", "d");
        assertThat(ledger.peersOf(hosts, "d")).containsExactly("e", "a", "b");
        assertThat(ledger.peersOf(List.of("a", "b"), "b")).containsExactly("a");
        assertThat(ledger.peersOf(List.of("a"), "a")).isEmpty();
    }

    @Test
    void aLoneHostIsNotCheckedAndANewOneIsProbingUntilTheDetectionTimeHasPassed() {
        assertThat(ledger.evaluate(List.of("a"), 0).get("a")).isEqualTo(TunnelHealth.unchecked("no other host to probe"));
        List<String> hosts = List.of("a", "b", "c");
        assertThat(ledger.evaluate(hosts, 1 * SECOND).values()).extracting(TunnelHealth::state)
                .containsOnly(State.UNCHECKED);
        assertThat(ledger.evaluate(hosts, 5 * SECOND).values()).extracting(TunnelHealth::state)
                .containsOnly(State.UNCHECKED);
    }

    @Test
    void aBrokenHostAmongThreeIsDownAndTheOthersStayUp() {
        List<String> hosts = List.of("a", "b", "c");
        ledger.evaluate(hosts, 0);
        for (long t = 1; t <= 7; t++) {
            exchange("a", "c", t * SECOND); // b neither sends nor receives
        }
        Map<String, TunnelHealth> verdicts = ledger.evaluate(hosts, 7 * SECOND);

        assertThat(verdicts.get("a")).isEqualTo(TunnelHealth.up("probes reach c and arrive from c"));
        assertThat(verdicts.get("c").state()).isEqualTo(State.UP);
        assertThat(verdicts.get("b")).isEqualTo(TunnelHealth.down(
                "no probe from it reached c, a; no probe from a, c reached it for 5 s"));
    }

    @Test
    void oneWayIsNotEnoughAndRecoveryIsSeenOnTheNextRound() {
        List<String> hosts = List.of("a", "b", "c");
        ledger.evaluate(hosts, 0);
        ledger.arrived("b", "a", 6 * SECOND); // b can send, but nothing reaches it
        ledger.arrived("b", "c", 6 * SECOND);
        exchange("a", "c", 6 * SECOND);
        assertThat(ledger.evaluate(hosts, 6 * SECOND).get("b"))
                .isEqualTo(TunnelHealth.down("no probe from a, c reached it for 5 s"));

        ledger.arrived("a", "b", 7 * SECOND);
        assertThat(ledger.evaluate(hosts, 7 * SECOND).get("b").state()).isEqualTo(State.UP);
        assertThat(ledger.evaluate(hosts, 13 * SECOND).get("b").state()).as("old arrivals expire").isEqualTo(State.DOWN);
    }

    @Test
    void withTwoHostsAFailureShowsOnBothEnds() {
        List<String> hosts = List.of("a", "b");
        ledger.evaluate(hosts, 0);
        Map<String, TunnelHealth> verdicts = ledger.evaluate(hosts, 6 * SECOND);
        assertThat(verdicts.values()).extracting(TunnelHealth::state).containsOnly(State.DOWN);
    }

    @Test
    void aHostThatLeavesAndComesBackIsProbingAgain() {
        List<String> hosts = List.of("a", "b", "c");
        ledger.evaluate(hosts, 0);
        assertThat(ledger.evaluate(hosts, 6 * SECOND).get("b").state()).isEqualTo(State.DOWN);
        ledger.evaluate(List.of("a", "c"), 7 * SECOND);
        assertThat(ledger.evaluate(hosts, 8 * SECOND).get("b")).isEqualTo(TunnelHealth.unchecked("probing"));
    }

    private void exchange(String x, String y, long at) {
        ledger.arrived(x, y, at);
        ledger.arrived(y, x, at);
    }
}
