package io.weft.apps.overlay.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PortReadinessTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final PortReadiness readiness = new PortReadiness(now::get);

    @Test
    void timesFromTheFirstSightingToTheConfirmedMark() {
        readiness.seen("ep1");
        now.addAndGet(500);
        readiness.seen("ep1"); // seen again through the other channel (OVSDB after OpenFlow): the first counts
        now.addAndGet(300);
        readiness.sent("ep1");
        now.addAndGet(2_000);
        readiness.sent("ep1"); // a later batch of its network: the first send after the sighting counts
        now.addAndGet(1_000);
        assertThat(readiness.marked("ep1")).isEqualTo(new PortReadiness.Timing(3_800, 800));
        assertThat(readiness.pending()).isZero();
    }

    @Test
    void flowsAlreadyOutCountAsNoneOfWeftsTime() {
        readiness.sent("ep9"); // before any sighting: ignored
        readiness.seen("ep9");
        now.addAndGet(700);
        assertThat(readiness.marked("ep9")).isEqualTo(new PortReadiness.Timing(700, 0));
    }

    @Test
    void aMarkWithoutASightingOrAfterTheUnbindIsNotTimed() {
        assertThat(readiness.marked("never-seen")).isNull();
        readiness.seen("ep2");
        readiness.forget("ep2");
        assertThat(readiness.marked("ep2")).isNull();
        readiness.seen("ep3");
        readiness.marked("ep3");
        assertThat(readiness.marked("ep3")).as("marked again, e.g. after a restart").isNull();
    }

    @Test
    void portsNeverMarkedCannotGrowItWithoutBound() {
        for (int i = 0; i < PortReadiness.MAX_PENDING + 100; i++) {
            readiness.seen("ep" + i);
        }
        assertThat(readiness.pending()).isEqualTo(PortReadiness.MAX_PENDING);
        assertThat(readiness.marked("ep" + (PortReadiness.MAX_PENDING + 50))).isNull();
        assertThat(readiness.marked("ep0")).isEqualTo(new PortReadiness.Timing(0, 0));
    }
}
