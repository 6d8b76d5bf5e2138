package io.weft.controller.loxi;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.weft.controller.flow.ReceivedPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Fuzzes what a switch (or anything that connects to the OpenFlow port) can send: arbitrary bytes, and real
 * messages of every kind the controller reads (hello, echo, features, port status, errors, packet-ins, flow-stats and
 * group-desc replies) with bytes flipped, lengths rewritten, cut short or run together. Each input must decode or be
 * refused as a corrupt frame, which closes that session only: no other exception, no hang, no unbounded buffering.
 * A longer run: {@code mvn -pl controller test -Dtest=OpenFlowDecoderFuzzTest -Djqwik.tries.default=200000}.
 */
class OpenFlowDecoderFuzzTest {
    private static final List<byte[]> SEEDS = seeds();

    @Property
    void arbitraryBytesDecodeOrAreRefusedAsACorruptFrame(@ForAll @Size(max = 600) byte[] bytes) {
        decodeOrRefuse(bytes);
    }

    @Property
    void mutatedMessagesDecodeOrAreRefusedAsACorruptFrame(@ForAll("mutatedMessages") byte[] bytes) {
        decodeOrRefuse(bytes);
    }

    /** Found by the fuzzer: a flow-stats entry whose match holds an experimenter field shorter than its id. */
    @Example
    void anExperimenterMatchFieldTooShortForItsIdIsACorruptFrame() {
        byte[] reply = SEEDS.get(7).clone(); // OpenFlow 1.3 flow-stats reply; its first entry's match at 16 + 48
        int field = 16 + 48 + 4;
        reply[field] = (byte) 0xff;
        reply[field + 1] = (byte) 0xff;
        reply[field + 3] = 0; // payload length 0: no room for the 4-byte experimenter id
        decodeOrRefuse(reply);
    }

    @Provide
    Arbitrary<byte[]> mutatedMessages() {
        return Arbitraries.randomValue(OpenFlowDecoderFuzzTest::mutate);
    }

    private static void decodeOrRefuse(byte[] bytes) {
        // As the session handler does: the first decoding failure closes the connection.
        List<Throwable> failures = new ArrayList<>();
        List<Object> decoded = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new OpenFlowFrameDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                decoded.add(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                failures.add(cause);
                ctx.close();
            }
        });
        // in pieces, as TCP may deliver them
        int at = 0;
        Random split = new Random(bytes.length);
        while (at < bytes.length && channel.isOpen()) {
            int n = Math.min(bytes.length - at, 1 + split.nextInt(200));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, n));
            at += n;
        }
        channel.finishAndReleaseAll();
        assertThat(decoded).allSatisfy(m -> assertThat(m).isInstanceOfAny(OFMessage.class, StatsReply.class,
                ReceivedPacket.class));
        assertThat(failures).allSatisfy(f -> assertThat(f).as(() -> stackTrace(f))
                .isInstanceOf(CorruptedFrameException.class));
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter text = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    private static byte[] mutate(Random random) {
        List<byte[]> parts = new ArrayList<>();
        int messages = 1 + random.nextInt(3);
        for (int m = 0; m < messages; m++) {
            byte[] seed = SEEDS.get(random.nextInt(SEEDS.size())).clone();
            int edits = random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                switch (random.nextInt(5)) {
                    case 0 -> seed[random.nextInt(seed.length)] = (byte) random.nextInt(256);
                    case 1 -> seed[random.nextInt(seed.length)] ^= (byte) (1 << random.nextInt(8));
                    case 2 -> { // a length field anywhere (the header's, an entry's, a match's) set to anything
                        int i = random.nextInt(seed.length - 1);
                        int v = random.nextInt(0x10000);
                        seed[i] = (byte) (v >> 8);
                        seed[i + 1] = (byte) v;
                    }
                    case 3 -> { // cut short, with the header's length kept or made to agree
                        seed = java.util.Arrays.copyOf(seed, Math.max(8, random.nextInt(seed.length)));
                        if (random.nextBoolean()) {
                            seed[2] = (byte) (seed.length >> 8);
                            seed[3] = (byte) seed.length;
                        }
                    }
                    default -> { // grown with junk, the header's length made to agree
                        int grow = 1 + random.nextInt(64);
                        byte[] longer = java.util.Arrays.copyOf(seed, seed.length + grow);
                        for (int i = seed.length; i < longer.length; i++) {
                            longer[i] = (byte) random.nextInt(256);
                        }
                        longer[2] = (byte) (longer.length >> 8);
                        longer[3] = (byte) longer.length;
                        seed = longer;
                    }
                }
            }
            parts.add(seed);
        }
        int total = parts.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (OFVersion version : List.of(OFVersion.OF_13, OFVersion.OF_14)) {
            OFFactory f = OFFactories.getFactory(version);
            var match = f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(3))
                    .setExact(MatchField.ETH_TYPE, EthType.ARP).setExact(MatchField.ARP_TPA, IPv4Address.of("10.0.0.4"))
                    .setMasked(MatchField.METADATA, OFMetadata.ofRaw(0x100), OFMetadata.ofRaw(0xffffff))
                    .setExact(MatchField.ETH_DST, MacAddress.of("02:42:0a:00:00:04")).build();
            var instructions = List.of(
                    f.instructions().applyActions(List.of(f.actions().setField(f.oxms().tunnelIpv4Dst(
                            IPv4Address.of("198.18.0.2"))), f.actions().output(OFPort.of(4789), 0),
                            f.actions().group(OFGroup.of(256)))),
                    f.instructions().buildWriteMetadata().setMetadata(U64.of(0x100)).setMetadataMask(U64.of(0xffffff))
                            .build(),
                    f.instructions().gotoTable(TableId.of(30)));
            seeds.add(bytes(f.buildHello().setXid(1).build()));
            seeds.add(bytes(f.buildEchoRequest().setXid(2).setData(new byte[] {1, 2, 3}).build()));
            seeds.add(bytes(f.buildEchoReply().setXid(3).setData(new byte[0]).build()));
            seeds.add(bytes(f.buildFeaturesReply().setXid(4).setDatapathId(DatapathId.of(0xabL)).setNBuffers(0)
                    .setNTables((short) 254).build()));
            seeds.add(bytes(f.buildPortStatus().setXid(5).setReason(OFPortReason.MODIFY).setDesc(f.buildPortDesc()
                    .setPortNo(OFPort.of(7)).setHwAddr(MacAddress.of("02:00:00:00:00:07")).setName("tap7")
                    .setConfig(java.util.Set.of(OFPortConfig.PORT_DOWN)).build()).build()));
            seeds.add(bytes(f.errorMsgs().buildBadRequestErrorMsg().setXid(6)
                    .setCode(org.projectfloodlight.openflow.protocol.OFBadRequestCode.BAD_TYPE)
                    .setData(org.projectfloodlight.openflow.types.OFErrorCauseData.NONE).build()));
            seeds.add(bytes(f.buildPacketIn().setXid(7).setBufferId(OFBufferId.NO_BUFFER).setTotalLen(60)
                    .setReason(OFPacketInReason.ACTION).setTableId(TableId.of(0)).setCookie(U64.of(0x57L << 56))
                    .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(4789)).build())
                    .setData(new byte[60]).build()));
            seeds.add(bytes(f.buildFlowStatsReply().setXid(8).setEntries(List.of(
                    f.buildFlowStatsEntry().setTableId(TableId.of(20)).setPriority(100).setCookie(U64.of(0x5714L))
                            .setFlags(java.util.Set.<OFFlowModFlags>of()).setMatch(match)
                            .setInstructions(instructions).build(),
                    f.buildFlowStatsEntry().setTableId(TableId.of(0)).setPriority(0).setCookie(U64.of(0x5700L))
                            .setMatch(f.buildMatch().build()).setInstructions(List.of()).build())).build()));
            seeds.add(bytes(f.buildGroupDescStatsReply().setXid(9).setEntries(List.of(f.buildGroupDescStatsEntry()
                    .setGroup(OFGroup.of(256)).setGroupType(OFGroupType.ALL).setBuckets(List.of(f.buildBucket()
                            .setWatchGroup(OFGroup.ANY).setWatchPort(OFPort.ANY).setActions(List.of(
                                    f.actions().output(OFPort.of(4789), 0))).build())).build())).build()));
        }
        return seeds;
    }

    private static byte[] bytes(OFMessage message) {
        ByteBuf buf = Unpooled.buffer();
        message.writeTo(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }
}
