package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controller.flow.Action;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.Instructions;
import io.weft.controller.flow.Match;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's branches that real OVS cannot be made to take on demand: a change arriving while another is in
 * flight, a switch that refuses a transaction, a session that ends mid-transaction, a reconnect to a switch that
 * still holds its flows, confirmations in order. Driven against {@link FakeSwitch}.
 */
class SwitchReconcilerTest {
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
    private final List<Long> confirmed = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    private static FlowSpec flow(long cookie, int port) {
        return FlowSpec.builder().table(30).priority(100).cookie(cookie)
                .match(Match.builder().exact(Field.IN_PORT, port).build()).actions(Action.output(port + 100)).build();
    }

    private static HostFlows flows(int... ports) {
        Map<Long, FlowSpec> flows = new HashMap<>();
        for (int port : ports) {
            flows.put(0x5700_0000_0000_0000L | port, flow(0x5700_0000_0000_0000L | port, port));
        }
        return new HostFlows(flows, Map.of(256, GroupSpec.all(256, List.of(List.of(Action.output(4789))))));
    }

    /** What the host should hold: the reconciler asks for it on each resync. */
    private final AtomicReference<HostFlows> desired = new AtomicReference<>(HostFlows.EMPTY);

    private SwitchReconciler reconciler(FakeSwitch sw) {
        return new SwitchReconciler(sw, "node1", worker, desired::get, new ReadBackBudget(8), confirmed::add, OverlayObserver.NONE);
    }

    /** The host should hold {@code flows}, compared in full with the switch (as on connect). */
    private void setAll(SwitchReconciler r, HostFlows flows, long seq) {
        desired.set(flows);
        r.resync(seq);
    }

    private void replace(SwitchReconciler r, HostFlows before, HostFlows after, long seq) {
        desired.set(after);
        r.replace(before, after, seq);
    }

    private void on(Runnable action) throws Exception {
        worker.submit(action).get(5, TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void anEmptySwitchGetsEverythingInOneAtomicTransactionAndItIsConfirmed() throws Exception {
        FakeSwitch sw = new FakeSwitch(1);
        SwitchReconciler r = reconciler(sw);
        on(() -> setAll(r, flows(1, 2, 3), 1));
        await(() -> confirmed.contains(1L), "confirmation of seq 1");
        assertThat(sw.sent).hasSize(1);
        assertThat(sw.flowsByCookie()).isEqualTo(flows(1, 2, 3).flows());
        assertThat(sw.groups()).containsKey(256);
    }

    /** Table 30's counts: desired, confirmed. */
    private static int[] table30(SwitchReconciler r) {
        TableFlowCount c = r.flowCounts().get(io.weft.controller.flow.TableId.of(30));
        return new int[] {c.desired(), c.confirmed()};
    }

    @Test
    void flowCountsFollowWhatTheSwitchConfirmedAndTheObserverHearsOfEachTransaction() throws Exception {
        FakeSwitch sw = new FakeSwitch(1);
        List<String> heard = new CopyOnWriteArrayList<>();
        SwitchReconciler r = new SwitchReconciler(sw, "node1", worker, desired::get, new ReadBackBudget(8),
                confirmed::add, new OverlayObserver() {
                    @Override
                    public void transactionDone(String host, int ops, java.time.Duration elapsed, boolean ok) {
                        heard.add(host + " " + ops + " " + ok);
                    }
                });
        sw.hold();
        on(() -> setAll(r, flows(1, 2), 1));
        await(() -> sw.sent.size() == 1, "the first resync in flight");
        assertThat(worker.submit(() -> table30(r)).get()).containsExactly(2, 0);
        sw.release();
        await(() -> confirmed.contains(1L), "seq 1");
        assertThat(worker.submit(() -> table30(r)).get()).containsExactly(2, 2);
        assertThat(heard).containsExactly("node1 3 true"); // two flows and the group
        sw.hold();
        on(() -> replace(r, flows(1, 2), flows(1, 2, 3), 2));
        await(() -> sw.sent.size() == 2, "the change in flight");
        assertThat(worker.submit(() -> table30(r)).get()).as("the added flow is not confirmed yet")
                .containsExactly(3, 2);
        sw.release();
        await(() -> confirmed.contains(2L), "seq 2");
        assertThat(worker.submit(() -> table30(r)).get()).containsExactly(3, 3);
        assertThat(worker.submit(() -> r.confirmedNow().test(0x5700_0000_0000_0003L)).get()).isTrue();
    }

    @Test
    void changesArrivingWhileOneIsInFlightGoOutTogetherAndOnlyTheLatestIsConfirmedAfterIt() throws Exception {
        FakeSwitch sw = new FakeSwitch(1);
        SwitchReconciler r = reconciler(sw);
        on(() -> setAll(r, flows(1), 1));
        await(() -> confirmed.contains(1L), "seq 1");
        sw.hold();
        on(() -> replace(r, flows(1), flows(1, 2), 2));
        await(() -> sw.sent.size() == 2, "the change in flight");
        on(() -> replace(r, flows(1, 2), flows(1, 2, 3), 3));
        on(() -> replace(r, flows(1, 2, 3), flows(2, 3, 4), 4));
        assertThat(sw.sent).as("nothing more is sent while a change is in flight").hasSize(2);
        sw.release();
        await(() -> confirmed.contains(4L), "seq 4");
        assertThat(sw.sent).as("the three later changes went out as one").hasSize(3);
        assertThat(confirmed).containsExactly(1L, 2L, 4L);
        assertThat(sw.flowsByCookie()).isEqualTo(flows(2, 3, 4).flows());
    }

    @Test
    void aRefusedTransactionIsNotConfirmedAndIsRetriedAfterReadingTheSwitchBack() throws Exception {
        FakeSwitch sw = new FakeSwitch(1);
        SwitchReconciler r = reconciler(sw);
        on(() -> setAll(r, flows(1), 1));
        await(() -> confirmed.contains(1L), "seq 1");
        sw.failNext("BAD_REQUEST");
        on(() -> replace(r, flows(1), flows(1, 2), 2));
        await(() -> confirmed.contains(2L), "seq 2 after the retry (about a second)");
        assertThat(sw.sent).as("the refused one and its retry").hasSize(3);
        assertThat(sw.flowsByCookie()).isEqualTo(flows(1, 2).flows());
    }

    @Test
    void aSessionThatEndsMidTransactionConfirmsNothingAndTheNextSessionResumesWithoutResending() throws Exception {
        FakeSwitch sw = new FakeSwitch(1);
        SwitchReconciler first = reconciler(sw);
        on(() -> setAll(first, flows(1, 2), 1));
        await(() -> confirmed.contains(1L), "seq 1");
        sw.hold();
        on(() -> replace(first, flows(1, 2), flows(1, 2, 3), 2));
        sw.drop();
        Thread.sleep(200);
        assertThat(confirmed).containsExactly(1L);

        // the switch reconnects with what it still holds; a new session's reconciler reads it back
        FakeSwitch again = new FakeSwitch(1);
        on(() -> {
            SwitchReconciler seeded = reconciler(again);
            setAll(seeded, flows(1, 2), 0);
        });
        await(() -> again.flowsByCookie().size() == 2, "the earlier state");
        int before = again.sent.size();
        SwitchReconciler second = reconciler(again);
        on(() -> setAll(second, flows(1, 2, 3), 3));
        await(() -> confirmed.contains(3L), "seq 3");
        assertThat(again.sent).hasSize(before + 1);
        List<FlowOp> ops = again.sent.get(again.sent.size() - 1).ops();
        assertThat(ops).as("only the missing flow is sent: the two still there are neither re-added nor touched")
                .singleElement().isInstanceOf(FlowOp.AddFlow.class);
    }

    @Test
    void anAuditReportsAndRepairsAFlowChangedAFlowDeletedAndAGroupChangedByHand() throws Exception {
        FakeSwitch sw = new FakeSwitch(1);
        SwitchReconciler r = reconciler(sw);
        on(() -> setAll(r, flows(1, 2, 3), 1));
        await(() -> confirmed.contains(1L), "seq 1");
        long cookie2 = 0x5700_0000_0000_0002L;
        long cookie3 = 0x5700_0000_0000_0003L;
        sw.changeByHand(cookie2, Instructions.DROP);
        sw.deleteByHand(cookie3);
        AuditReport report = worker.submit(r::auditNow).get(5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        assertThat(report.flowsRead()).isEqualTo(2);
        assertThat(report.repairs()).hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith("reinstalled flow changed in place"))
                .anySatisfy(line -> assertThat(line).startsWith("restored flow (missing)"));
        assertThat(sw.flowsByCookie()).isEqualTo(flows(1, 2, 3).flows());
        AuditReport clean = worker.submit(r::auditNow).get(5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        assertThat(clean.repairs()).isEmpty();
    }

    /** A read-back holds a whole flow table: switches take turns, and the next one starts when a resync is confirmed. */
    @Test
    void switchesTakeTurnsToBeReadBack() throws Exception {
        ReadBackBudget oneAtATime = new ReadBackBudget(1);
        FakeSwitch a = new FakeSwitch(1);
        FakeSwitch b = new FakeSwitch(2);
        List<Long> confirmedB = new CopyOnWriteArrayList<>();
        SwitchReconciler ra = new SwitchReconciler(a, "a", worker, () -> flows(1), oneAtATime, confirmed::add, OverlayObserver.NONE);
        SwitchReconciler rb = new SwitchReconciler(b, "b", worker, () -> flows(2), oneAtATime, confirmedB::add, OverlayObserver.NONE);
        a.hold();
        on(() -> ra.resync(1));
        await(() -> a.sent.size() == 1, "a's resync in flight");
        on(() -> rb.resync(1));
        Thread.sleep(200);
        assertThat(b.sent).as("b waits while a holds the only permit").isEmpty();
        assertThat(worker.submit(oneAtATime::available).get()).isZero();

        a.release();
        await(() -> confirmed.contains(1L) && confirmedB.contains(1L), "both resyncs, one after the other");
        assertThat(b.flowsByCookie()).isEqualTo(flows(2).flows());
        assertThat(worker.submit(oneAtATime::available).get()).as("the permit is back").isEqualTo(1);
    }
}
