package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRoundTest {

    @Test
    void switchesAreAuditedOneAfterAnotherInNameOrderAndRoundAgain() {
        List<String> hosts = List.of("node3", "node1", "node2");
        assertThat(AuditRound.after(hosts, "")).contains("node1");
        assertThat(AuditRound.after(hosts, "node1")).contains("node2");
        assertThat(AuditRound.after(hosts, "node3")).contains("node1");
        assertThat(AuditRound.after(hosts, "node2b")).as("a host that left").contains("node3");
        assertThat(AuditRound.after(List.of(), "node1")).isEmpty();
    }

    @Test
    void eachSwitchAboutOncePerIntervalButAuditsTakeAtMostATwentiethOfTheTime() {
        Duration minute = Duration.ofSeconds(60);
        assertThat(AuditRound.pauseAfter(10, minute, 3)).as("small audits: spread over the interval").isEqualTo(20_000);
        assertThat(AuditRound.pauseAfter(1_500, minute, 100)).as("large audits: 20 times their duration")
                .isEqualTo(30_000);
        assertThat(AuditRound.pauseAfter(0, minute, 0)).isEqualTo(60_000);
    }
}
