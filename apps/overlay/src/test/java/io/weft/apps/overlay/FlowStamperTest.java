package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controller.flow.FlowSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Remembering stamps must never change a cookie: the cache is only a shortcut to the same answer. */
class FlowStamperTest {
    private static List<FlowSpec> arpReplies(int count) {
        List<FlowSpec> flows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            flows.add(ArpResponderRecipes.arpReply(256 + i % 3, 0x0a0a0a00 + i, 0x0242_0a0a_0a00L + i));
        }
        return flows;
    }

    @Test
    void givesTheSameStampsAsHashingAfreshAcrossGenerations() {
        FlowStamper stamper = new FlowStamper(10);
        List<FlowSpec> flows = arpReplies(35);
        for (int round = 0; round < 3; round++) {
            for (FlowSpec flow : flows) {
                FlowSpec stamped = stamper.apply(flow);
                assertThat(stamped).isEqualTo(OverlayCookie.stamp(flow));
                assertThat(OverlayCookie.isWeft(stamped.cookie())).isTrue();
            }
        }
    }

    @Test
    void memberFlowsAreTheSameRememberedOrNot() {
        MemberFlows cached = new MemberFlows(4);
        MemberFlows fresh = MemberFlows.uncached();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 10; i++) {
                assertThat(cached.arpReply(256, 0x0a0a0a00 + i, 0x0242_0a0a_0a00L + i))
                        .isEqualTo(fresh.arpReply(256, 0x0a0a0a00 + i, 0x0242_0a0a_0a00L + i))
                        .isEqualTo(OverlayCookie.stamp(ArpResponderRecipes.arpReply(256, 0x0a0a0a00 + i,
                                0x0242_0a0a_0a00L + i)));
                assertThat(cached.toRemote(256, 0x0242_0a0a_0a00L + i, 0xc6120001 + i))
                        .isEqualTo(fresh.toRemote(256, 0x0242_0a0a_0a00L + i, 0xc6120001 + i));
            }
        }
    }

    @Test
    void equalFlowsBuiltSeparatelyShareOneEntry() {
        FlowStamper stamper = new FlowStamper(100);
        FlowSpec first = stamper.apply(ArpResponderRecipes.arpReply(256, 0x0a0a0a03, 0x0242_0a0a_0a03L));
        FlowSpec again = stamper.apply(ArpResponderRecipes.arpReply(256, 0x0a0a0a03, 0x0242_0a0a_0a03L));
        assertThat(again).isSameAs(first);
        assertThat(stamper.apply(ArpResponderRecipes.arpReply(257, 0x0a0a0a03, 0x0242_0a0a_0a03L)).cookie())
                .isNotEqualTo(first.cookie());
    }
}
