package io.weft.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.FlowTransaction;
import io.weft.testkit.OvsInstance;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two controllers on one real ovs-vswitchd, as a cluster's old and new leader: the generation id fences the old
 * one. OVS answers its flow-mods as a slave's and its stale MASTER claim with ROLE_REQUEST_FAILED/STALE, on the
 * session it had and on a new one.
 */
class ControllerRoleTest {
    private RunningController old;
    private RunningController fresh;
    private OvsInstance ovs;

    @AfterEach
    void stop() throws Exception {
        if (ovs != null) {
            ovs.close();
        }
        if (old != null) {
            old.close();
        }
        if (fresh != null) {
            fresh.close();
        }
    }

    private static FlowTransaction oneFlow(int priority) {
        return FlowTransaction.ordered(List.of(FlowOp.add(FlowSpec.builder().table(0).priority(priority).build())));
    }

    /**
     * Waits until OVS's Controller table shows {@code master} and {@code slave} in these roles (ovs-vswitchd
     * writes the role column a moment after the change).
     */
    private void awaitRoles(RunningController master, RunningController slave) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String want = master.target() + " master\n" + (slave == null ? "" : slave.target() + " slave\n");
        String shown = "";
        while (System.nanoTime() < deadline) {
            shown = roles();
            if (shown.contains(master.target() + " master") && (slave == null || shown.contains(slave.target()
                    + " slave"))) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(shown).as("roles in OVS's Controller table").isEqualTo(want);
    }

    private String roles() throws Exception {
        String bare = ovs.vsctl("--columns=target,role", "--data=bare", "--no-headings", "list", "Controller");
        StringBuilder out = new StringBuilder();
        String[] lines = bare.split("\n");
        for (int i = 0; i + 1 < lines.length; i += 3) {
            out.append(lines[i]).append(' ').append(lines[i + 1]).append('\n');
        }
        return out.toString();
    }

    @Test
    void aNewerMastersGenerationDemotesTheOldOneAndRefusesItsClaimAsStale() throws Exception {
        old = new RunningController();
        fresh = new RunningController();
        BlockingQueue<String> refusals = new LinkedBlockingQueue<>();
        old.registry.addListener(new SwitchListener() {
            @Override
            public void switchConnected(SwitchHandle sw) {
            }

            @Override
            public void switchDisconnected(SwitchHandle sw) {
            }

            @Override
            public void roleRefused(SwitchHandle sw, ControllerRole role, Throwable why) {
                refusals.add(role + " " + ((OpenFlowErrorException) why).errorCode());
            }
        });
        ovs = OvsInstance.start("roles");
        ovs.addBridge("br-int", "dummy", old.target(), "OpenFlow13,OpenFlow14");
        ovs.vsctl("set-controller", "br-int", old.target(), fresh.target());
        SwitchHandle a = old.events.awaitConnected();
        SwitchHandle b = fresh.events.awaitConnected();

        old.registry.claimRole(ControllerRole.MASTER, 5).get(10, TimeUnit.SECONDS);
        a.apply(oneFlow(1)).get(10, TimeUnit.SECONDS);
        awaitRoles(old, null);

        fresh.registry.claimRole(ControllerRole.MASTER, 6).get(10, TimeUnit.SECONDS);
        awaitRoles(fresh, old);
        assertThat(refusals).isEmpty();

        // The old leader, paused until now, goes on as if it still led.
        assertThatThrownBy(() -> a.apply(oneFlow(2)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(OpenFlowErrorException.class)
                .satisfies(e -> assertThat(((OpenFlowErrorException) e).errorCode()).isEqualTo("IS_SLAVE"));
        assertThatThrownBy(() -> a.requestRole(ControllerRole.MASTER, 5).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(OpenFlowErrorException.class)
                .satisfies(e -> assertThat(((OpenFlowErrorException) e).errorCode()).isEqualTo("STALE"));
        // A new session of the old controller claims its role first and is refused the same way.
        a.disconnect();
        old.events.awaitConnected();
        assertThat(refusals.poll(10, TimeUnit.SECONDS)).isEqualTo("MASTER STALE");
        awaitRoles(fresh, null);
        assertThat(roles()).doesNotContain(old.target() + " master");

        b.apply(oneFlow(3)).get(10, TimeUnit.SECONDS);
        assertThat(ovs.ofctl("dump-flows", "br-int")).contains("priority=1").contains("priority=3")
                .doesNotContain("priority=2,");
    }
}
