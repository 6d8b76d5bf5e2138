package io.weft.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.testkit.OvsInstance;
import org.junit.jupiter.api.Test;

/** Handshake, multiple switches and reconnects against real ovs-vswitchd instances. */
class SwitchHandshakeTest {

    @Test
    void handshakeWithOvsNegotiatesOpenFlow14AndReportsDatapathAndPorts() throws Exception {
        try (RunningController c = new RunningController(); OvsInstance ovs = OvsInstance.start("hs")) {
            String dpid = ovs.addBridge("br-int", "dummy", c.target(), "OpenFlow13,OpenFlow14");
            SwitchHandle sw = c.events.awaitConnected();

            assertThat(sw.datapathId().toString()).isEqualTo(dpid);
            assertThat(sw.version()).isEqualTo(OpenFlowVersion.OF_14);
            assertThat(sw.ports()).extracting(SwitchPort::name).contains("br-int");
            assertThat(sw.ports()).anySatisfy(p -> assertThat(p.number()).isEqualTo(0xfffffffeL));
            assertThat(c.registry.get(sw.datapathId())).containsSame(sw);
            assertThat(sw.localAddress().getPort()).isEqualTo(c.port);
        }
    }

    @Test
    void bridgeLimitedToOpenFlow13GetsOpenFlow13() throws Exception {
        try (RunningController c = new RunningController(); OvsInstance ovs = OvsInstance.start("of13")) {
            ovs.addBridge("br-int", "dummy", c.target(), "OpenFlow13");
            assertThat(c.events.awaitConnected().version()).isEqualTo(OpenFlowVersion.OF_13);
        }
    }

    @Test
    void bridgeOfferingOnlyOpenFlow10IsRefusedAndNeverRegistered() throws Exception {
        try (RunningController c = new RunningController(); OvsInstance ovs = OvsInstance.start("of10")) {
            ovs.addBridge("br-int", "dummy", c.target(), "OpenFlow10");
            assertThat(c.events.quietFor("connected", 2000)).isTrue();
            assertThat(c.registry.all()).isEmpty();
        }
    }

    @Test
    void twoSwitchesAtOnceAndAPortAddedLater() throws Exception {
        try (RunningController c = new RunningController();
             OvsInstance a = OvsInstance.start("two-a");
             OvsInstance b = OvsInstance.start("two-b")) {
            String dpidA = a.addBridge("br-int", "dummy", c.target(), "OpenFlow13,OpenFlow14");
            String dpidB = b.addBridge("br-int", "dummy", c.target(), "OpenFlow13,OpenFlow14");
            c.events.awaitConnected();
            c.events.awaitConnected();
            assertThat(c.registry.all()).extracting(sw -> sw.datapathId().toString())
                    .containsExactlyInAnyOrder(dpidA, dpidB);

            a.vsctl("add-port", "br-int", "p1", "--", "set", "Interface", "p1", "type=dummy");
            SwitchHandle sw = c.events.await("port-added:p1").sw();
            assertThat(sw.datapathId().toString()).isEqualTo(dpidA);
            assertThat(sw.ports()).extracting(SwitchPort::name).contains("p1");
        }
    }

    @Test
    void switchDaemonCrashIsSeenAndItsRestartReconnects() throws Exception {
        try (RunningController c = new RunningController(); OvsInstance ovs = OvsInstance.start("restart")) {
            String dpid = ovs.addBridge("br-int", "dummy", c.target(), "OpenFlow13,OpenFlow14");
            SwitchHandle first = c.events.awaitConnected();

            ovs.killSwitchDaemon();
            assertThat(c.events.await("disconnected").sw()).isSameAs(first);
            assertThat(first.isConnected()).isFalse();
            assertThat(c.registry.all()).isEmpty();

            ovs.startSwitchDaemon();
            SwitchHandle second = c.events.awaitConnected();
            assertThat(second.datapathId().toString()).isEqualTo(dpid);
            assertThat(second).isNotSameAs(first);
            assertThat(c.registry.get(second.datapathId())).containsSame(second);
        }
    }
}
