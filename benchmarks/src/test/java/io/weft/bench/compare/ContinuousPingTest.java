package io.weft.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.testkit.NetNamespace;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's ping probe against real ping in a private namespace: the first reply is stamped by
 * ping's own clock, and losses are the icmp_seq numbers that got no reply (here made by dropping echo
 * replies with iptables for a while).
 */
class ContinuousPingTest {
    private NetNamespace ns;

    @BeforeEach
    void namespace() throws Exception {
        ns = NetNamespace.create(String.format(Locale.ROOT, "wfping-%04x", ThreadLocalRandom.current().nextInt(0x10000)));
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        ns.close();
    }

    @Test
    void firstReplyIsStampedWhenItArrivedAndAQuietLinkLosesNothing() throws Exception {
        long before = ContinuousPing.nowMicros();
        try (ContinuousPing ping = ContinuousPing.start(ns, "127.0.0.1", 10)) {
            long first = ping.firstReplyMicros().get(5, TimeUnit.SECONDS);
            assertThat(first).isBetween(before, ContinuousPing.nowMicros());
            Thread.sleep(300);
            ContinuousPing.Outcome outcome = ping.stop();
            assertThat(outcome.sent()).isGreaterThan(10);
            assertThat(outcome.lost()).isEmpty();
        }
    }

    @Test
    void requestsWhoseRepliesAreDroppedAreCountedAsLostBySequenceNumber() throws Exception {
        try (ContinuousPing ping = ContinuousPing.start(ns, "127.0.0.1", 10)) {
            ping.firstReplyMicros().get(5, TimeUnit.SECONDS);
            ns.exec("iptables", "-A", "INPUT", "-p", "icmp", "--icmp-type", "echo-reply", "-j", "DROP");
            Thread.sleep(200);
            ns.exec("iptables", "-F", "INPUT");
            Thread.sleep(200);
            ContinuousPing.Outcome outcome = ping.stop();
            assertThat(outcome.lost()).hasSizeGreaterThanOrEqualTo(5);
            // contiguous: the ones sent while the rule was in place, not the ones after it
            int first = outcome.lost().get(0);
            assertThat(outcome.lost()).last().isEqualTo(first + outcome.lost().size() - 1);
            assertThat(outcome.lost().get(outcome.lost().size() - 1)).isLessThan(outcome.sent() - 5);
        }
    }
}
