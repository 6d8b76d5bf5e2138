package io.weft.apps.overlay.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DnsQueryTest {

    @Test
    void parsesAQueryAndAnswersItWithARecords() {
        DnsQuery q = DnsQuery.parse(DnsFrames.query(0x1234, "Contain2", 1)).orElseThrow();
        assertThat(q.id()).isEqualTo(0x1234);
        assertThat(q.name()).isEqualTo("contain2");
        assertThat(q.type()).isEqualTo(DnsQuery.TYPE_A);

        ByteBuffer answer = ByteBuffer.wrap(q.answer(DnsQuery.NOERROR, List.of(0x0a0a0a04), 5));
        assertThat(answer.getShort(0)).isEqualTo((short) 0x1234);
        int flags = Short.toUnsignedInt(answer.getShort(2));
        assertThat(flags & 0x8000).as("QR").isNotZero();
        assertThat(flags & 0x0100).as("RD echoed").isNotZero();
        assertThat(flags & 0xf).as("rcode").isZero();
        assertThat(answer.getShort(6)).as("one answer").isEqualTo((short) 1);
        int rr = 12 + q.question().length;
        assertThat(answer.getShort(rr)).as("name pointer").isEqualTo((short) 0xC00C);
        assertThat(answer.getInt(rr + 6)).as("ttl").isEqualTo(5);
        assertThat(answer.getInt(rr + 12)).isEqualTo(0x0a0a0a04);
    }

    @Test
    void anotherTypeOfAKnownNameGetsAnEmptyAnswerAndRcodesAreSet() {
        DnsQuery aaaa = DnsQuery.parse(DnsFrames.query(7, "contain2", 28)).orElseThrow();
        ByteBuffer answer = ByteBuffer.wrap(aaaa.answer(DnsQuery.NOERROR, List.of(0x0a0a0a04), 5));
        assertThat(answer.getShort(6)).isZero();
        ByteBuffer nx = ByteBuffer.wrap(aaaa.answer(DnsQuery.NXDOMAIN, List.of(), 5));
        assertThat(nx.getShort(2) & 0xf).isEqualTo(DnsQuery.NXDOMAIN);
    }

    @Test
    void refusesWhatIsNotASimpleQuery() {
        byte[] ok = DnsFrames.query(1, "a.b", 1);
        byte[] response = ok.clone();
        response[2] |= (byte) 0x80;
        byte[] twoQuestions = ok.clone();
        twoQuestions[5] = 2;
        byte[] pointer = ok.clone();
        pointer[12] = (byte) 0xC0;
        byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 3);
        for (byte[] bad : List.of(response, twoQuestions, pointer, cut, new byte[5])) {
            assertThat(DnsQuery.parse(bad)).isEmpty();
        }
        String tooLong = ("a".repeat(63) + ".").repeat(4) + "a";
        assertThat(DnsQuery.parse(DnsFrames.query(1, tooLong, 1))).isEmpty();
    }

    @Test
    void theReplyFrameSwapsAddressesAndCarriesValidChecksums() {
        byte[] frame = DnsFrames.udp(0x02420a0a0a03L, 0x0a0a0a03, 40000, 0x02420a0a0a01L, 0x0a0a0a01,
                DnsFrames.query(9, "x", 1));
        UdpFrame query = UdpFrame.parse(frame).orElseThrow();
        assertThat(query.srcIp()).isEqualTo(0x0a0a0a03);
        assertThat(query.dstPort()).isEqualTo(53);
        assertThat(query.srcPort()).isEqualTo(40000);
        assertThat(checksumOk(frame)).isTrue();
        byte[] reply = query.reply(new byte[] {1, 2, 3});
        UdpFrame back = UdpFrame.parse(reply).orElseThrow();
        assertThat(back.srcIp()).isEqualTo(0x0a0a0a01);
        assertThat(back.dstMac()).isEqualTo(0x02420a0a0a03L);
        assertThat(back.dstPort()).isEqualTo(40000);
        assertThat(back.payload()).containsExactly(1, 2, 3);
        assertThat(checksumOk(reply)).isTrue();
    }

    /** IPv4 header and UDP (with its pseudo-header) both sum to 0xffff, as a receiving kernel checks. */
    private static boolean checksumOk(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        long ip = 0;
        for (int i = 14; i < 34; i += 2) {
            ip += Short.toUnsignedInt(b.getShort(i));
        }
        int udpLength = Short.toUnsignedInt(b.getShort(38));
        long udp = Short.toUnsignedInt(b.getShort(26)) + Short.toUnsignedInt(b.getShort(28))
                + Short.toUnsignedInt(b.getShort(30)) + Short.toUnsignedInt(b.getShort(32)) + 17 + udpLength;
        for (int i = 34; i < 34 + udpLength; i += 2) {
            udp += i + 1 < 34 + udpLength ? Short.toUnsignedInt(b.getShort(i)) : (frame[i] & 0xff) << 8;
        }
        return fold(ip) == 0xffff && fold(udp) == 0xffff;
    }

    private static long fold(long sum) {
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return sum;
    }

    @Property
    void parsingArbitraryOrMutatedBytesNeverThrows(@ForAll("inputs") byte[] input) {
        DnsQuery.parse(input).ifPresent(q -> q.answer(DnsQuery.NOERROR, List.of(1), 5));
        UdpFrame.parse(input).ifPresent(f -> f.reply(new byte[3]));
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        byte[] query = DnsFrames.query(3, "contain2.net1", 1);
        byte[] frame = DnsFrames.udp(0x02420a0a0a03L, 0x0a0a0a03, 40000, 0x02420a0a0a01L, 0x0a0a0a01, query);
        Arbitrary<byte[]> mutated = Arbitraries.of(query, frame).flatMap(seed -> Arbitraries.integers()
                .between(0, seed.length - 1).list().ofMaxSize(6).flatMap(positions -> Arbitraries.bytes()
                        .array(byte[].class).ofSize(positions.size()).map(values -> {
                            byte[] copy = seed.clone();
                            for (int i = 0; i < positions.size(); i++) {
                                copy[positions.get(i)] = values[i];
                            }
                            return copy;
                        })));
        Arbitrary<byte[]> cut = Arbitraries.of(query, frame).flatMap(seed -> Arbitraries.integers()
                .between(0, seed.length).map(n -> java.util.Arrays.copyOf(seed, n)));
        return Arbitraries.oneOf(mutated, cut, Arbitraries.bytes().array(byte[].class).ofMaxSize(120));
    }
}
