package io.weft.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controller.flow.Action;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.FlowTransaction;
import io.weft.controller.flow.Instructions;
import io.weft.controller.flow.Match;
import io.weft.controller.flow.PortNumber;
import io.weft.controller.flow.ReceivedPacket;
import io.weft.controller.flow.Values;
import io.weft.testkit.OvsInstance;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Packet-out and packet-in against a real ovs-vswitchd: a frame the controller sends through the switch's pipeline
 * comes back as a packet-in from the flow that sends it to the controller, with its table, cookie, in_port and
 * tunnel id read from OVS's own match (which carries fields Loxi cannot parse).
 */
class PacketInOutTest {
    private static RunningController controller;
    private static OvsInstance ovs;
    private static SwitchHandle sw;
    private static final LinkedBlockingQueue<ReceivedPacket> received = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        controller = new RunningController();
        controller.registry.addListener(new SwitchListener() {
            @Override
            public void switchConnected(SwitchHandle sw) {
            }

            @Override
            public void switchDisconnected(SwitchHandle sw) {
            }

            @Override
            public void packetReceived(SwitchHandle from, ReceivedPacket packet) {
                received.add(packet);
            }
        });
        ovs = OvsInstance.start("packets");
        ovs.addBridge("br-int", "dummy", controller.target(), "OpenFlow13,OpenFlow14");
        sw = controller.events.awaitConnected();
    }

    @AfterAll
    static void stop() throws Exception {
        ovs.close();
        controller.close();
    }

    @Test
    void aFrameSentThroughTheTableComesBackFromTheFlowThatSendsItToTheController() throws Exception {
        long tunnelToController = 0x57_0000_0000_0042L;
        sw.apply(FlowTransaction.ordered(List.of(FlowOp.add(FlowSpec.builder().table(0).priority(100)
                .cookie(tunnelToController).match(Match.builder().tunnelId(7).build())
                .instructions(Instructions.apply(Action.output(PortNumber.CONTROLLER))).build()))))
                .get(10, TimeUnit.SECONDS);
        byte[] frame = frame();

        // Through the table: set the tunnel id the flow matches, then resubmit to table 0 from CONTROLLER.
        sw.sendPacket(List.of(Action.setField(Field.TUNNEL_ID, 7),
                new Action.Resubmit(io.weft.controller.flow.TableId.of(0))), frame);

        ReceivedPacket packet = received.poll(10, TimeUnit.SECONDS);
        assertThat(packet).as("packet-in").isNotNull();
        assertThat(packet.table().value()).isEqualTo(0);
        assertThat(packet.cookie().value()).isEqualTo(tunnelToController);
        assertThat(packet.tunnelId()).isEqualTo(7);
        assertThat(packet.inPort()).isEqualTo(PortNumber.CONTROLLER);
        assertThat(packet.frame()).isEqualTo(frame);
        assertThat(sw.isConnected()).as("the packet-in did not cost the session").isTrue();
    }

    private static byte[] frame() {
        byte[] frame = new byte[60];
        long dst = Values.parseMac("02:57:45:46:54:01");
        long src = Values.parseMac("02:57:45:46:54:02");
        for (int i = 0; i < 6; i++) {
            frame[i] = (byte) (dst >>> (40 - 8 * i));
            frame[6 + i] = (byte) (src >>> (40 - 8 * i));
        }
        frame[12] = (byte) 0x88;
        frame[13] = (byte) 0xb5;
        for (int i = 14; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        return frame;
    }
}
