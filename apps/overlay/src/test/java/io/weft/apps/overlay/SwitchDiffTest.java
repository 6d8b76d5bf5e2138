package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controller.flow.Action;
import io.weft.controller.flow.CookieMask;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.Match;
import io.weft.controller.flow.TableId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link SwitchDiff} as the pure function it is: what is wanted and what is known in, operations out. */
class SwitchDiffTest {
    private static FlowSpec flow(long cookie) {
        return FlowSpec.builder().table(30).priority(100).cookie(cookie)
                .match(Match.builder().exact(Field.IN_PORT, (int) cookie).build()).actions(Action.output(1)).build();
    }

    private static GroupSpec group(int id, int port) {
        return GroupSpec.all(id, List.of(List.of(Action.output(port))));
    }

    private static Map<Long, FlowSpec> flows(long... cookies) {
        Map<Long, FlowSpec> m = new HashMap<>();
        for (long c : cookies) {
            m.put(c, flow(c));
        }
        return m;
    }

    private static FlowOp deleteByCookie(long cookie) {
        return new FlowOp.DeleteFlows(TableId.ALL, Match.ALL, new CookieMask(cookie, -1L));
    }

    @Test
    void aSwitchThatHoldsEverythingGetsNothing() {
        SwitchDiff d = SwitchDiff.of(new SwitchDiff.Known(Set.of(1L, 2L), flows(1, 2), Set.of(1L, 2L), Set.of(),
                Set.of(256), Map.of(256, group(256, 1)), Map.of(256, group(256, 1)), Set.of()), true);
        assertThat(d.ops()).isEmpty();
        assertThat(d.repairs()).isEmpty();
    }

    @Test
    void groupsComeFirstThenChangedFlowsThenNewFlowsThenStaleFlowsThenStaleGroups() {
        Map<Integer, GroupSpec> installed = new HashMap<>();
        installed.put(257, group(257, 1));
        installed.put(258, null); // present, content unknown (read back after a reconnect)
        // key sets in a fixed order: among groups (or among new flows) any order is right
        SwitchDiff d = SwitchDiff.of(new SwitchDiff.Known(new TreeSet<>(List.of(1L, 2L, 3L)), flows(1, 2),
                Set.of(2L, 3L), Set.of(2L), new TreeSet<>(List.of(256, 257, 258)),
                Map.of(256, group(256, 1), 258, group(258, 2)), installed, Set.of()), false);
        assertThat(d.ops()).containsExactly(
                FlowOp.addGroup(group(256, 1)),
                FlowOp.modifyGroup(group(258, 2)),
                deleteByCookie(2), FlowOp.add(flow(2)),
                FlowOp.add(flow(1)),
                deleteByCookie(3),
                FlowOp.deleteGroup(257));
        assertThat(d.repairs()).as("described only when asked").isEmpty();
    }

    @Test
    void eachRepairIsDescribedWhenAskedFor() {
        SwitchDiff d = SwitchDiff.of(new SwitchDiff.Known(Set.of(1L, 2L, 3L), flows(1, 2), Set.of(2L, 3L),
                Set.of(2L), Set.of(256), Map.of(256, group(256, 1)), Map.of(256, group(256, 9)), Set.of(256)), true);
        assertThat(d.repairs()).hasSize(4)
                .anySatisfy(r -> assertThat(r).isEqualTo("restored group 256 changed in place (its buckets or type)"))
                .anySatisfy(r -> assertThat(r).startsWith("reinstalled flow changed in place: cookie=0x"))
                .anySatisfy(r -> assertThat(r).startsWith("restored flow (missing): cookie=0x"))
                .anySatisfy(r -> assertThat(r).isEqualTo(
                        "removed flow under Weft's cookie 0x0000000000000003 (not desired)"));
    }
}
