package io.weft.apps.overlay.dns;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One DNS query (RFC 1035) as a container's resolver sends it: one question, no compression in it. Parsing never
 * throws on what a peer sent: anything else is empty, and the query is dropped.
 *
 * @param id       the query id, echoed in the answer
 * @param flags    the header's flags (RD is echoed)
 * @param name     the question's name, lower case, without the trailing dot
 * @param type     the question's type (1 = A, 28 = AAAA)
 * @param question the question section's bytes, echoed in the answer
 */
public record DnsQuery(int id, int flags, String name, int type, int qclass, byte[] question) {
    public static final int TYPE_A = 1;
    public static final int CLASS_IN = 1;
    public static final int NOERROR = 0;
    public static final int SERVFAIL = 2;
    public static final int NXDOMAIN = 3;
    public static final int REFUSED = 5;
    private static final int HEADER = 12;
    private static final int MAX_NAME = 255;
    private static final int FLAG_QR = 0x8000;
    private static final int FLAG_AA = 0x0400;
    private static final int FLAG_TC = 0x0200;
    private static final int FLAG_RD = 0x0100;
    private static final int FLAG_RA = 0x0080;
    private static final int OPCODE_MASK = 0x7800;

    public static Optional<DnsQuery> parse(byte[] message) {
        if (message.length < HEADER) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(message);
        int id = Short.toUnsignedInt(in.getShort());
        int flags = Short.toUnsignedInt(in.getShort());
        int questions = Short.toUnsignedInt(in.getShort());
        int answers = Short.toUnsignedInt(in.getShort());
        int authority = Short.toUnsignedInt(in.getShort());
        in.getShort(); // additional records: an EDNS OPT may follow the question; it is ignored
        if ((flags & FLAG_QR) != 0 || (flags & OPCODE_MASK) != 0 || questions != 1 || answers != 0 || authority != 0) {
            return Optional.empty();
        }
        StringBuilder name = new StringBuilder();
        int length = 0;
        while (true) {
            if (!in.hasRemaining()) {
                return Optional.empty();
            }
            int label = Byte.toUnsignedInt(in.get());
            if (label == 0) {
                break;
            }
            // 0xC0: a compression pointer, never needed in a lone question; 0x40/0x80: reserved label types
            if (label > 63 || label > in.remaining()) {
                return Optional.empty();
            }
            length += label + 1;
            if (length > MAX_NAME) {
                return Optional.empty();
            }
            byte[] text = new byte[label];
            in.get(text);
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(text, StandardCharsets.US_ASCII));
        }
        if (in.remaining() < 4) {
            return Optional.empty();
        }
        int type = Short.toUnsignedInt(in.getShort());
        int qclass = Short.toUnsignedInt(in.getShort());
        byte[] question = new byte[in.position() - HEADER];
        System.arraycopy(message, HEADER, question, 0, question.length);
        return Optional.of(new DnsQuery(id, flags, name.toString().toLowerCase(Locale.ROOT), type, qclass, question));
    }

    /**
     * The authoritative answer: {@code addresses} as A records (for an A question), or only {@code rcode}. An empty
     * NOERROR answer to another type of a known name tells the resolver at once that there is none (no AAAA).
     */
    public byte[] answer(int rcode, List<Integer> addresses, int ttlSeconds) {
        List<Integer> records = rcode == NOERROR && type == TYPE_A && qclass == CLASS_IN ? addresses : List.of();
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + question.length + 16 * records.size());
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        header.putShort((short) id);
        header.putShort((short) (FLAG_QR | FLAG_AA | FLAG_RA | (flags & FLAG_RD) | (rcode & 0xf)));
        header.putShort((short) 1).putShort((short) records.size()).putShort((short) 0).putShort((short) 0);
        out.writeBytes(header.array());
        out.writeBytes(question);
        for (int address : records) {
            ByteBuffer rr = ByteBuffer.allocate(16);
            rr.putShort((short) 0xC00C); // the question's name
            rr.putShort((short) TYPE_A).putShort((short) CLASS_IN).putInt(ttlSeconds).putShort((short) 4)
                    .putInt(address);
            out.writeBytes(rr.array());
        }
        return out.toByteArray();
    }

    /** An upstream's answer with this query's id put back (it was forwarded under another). */
    public byte[] relayed(byte[] upstreamAnswer) {
        byte[] copy = upstreamAnswer.clone();
        copy[0] = (byte) (id >>> 8);
        copy[1] = (byte) id;
        return copy;
    }

    /** The answer's header and question only, with TC set: the client should ask over TCP (for answers too big). */
    public byte[] truncated(byte[] upstreamAnswer) {
        byte[] copy = relayed(upstreamAnswer);
        int flagsOut = ((copy[2] & 0xff) << 8 | (copy[3] & 0xff)) | FLAG_TC;
        byte[] out = new byte[HEADER + question.length];
        System.arraycopy(copy, 0, out, 0, 4);
        out[2] = (byte) (flagsOut >>> 8);
        out[3] = (byte) flagsOut;
        out[5] = 1;
        System.arraycopy(question, 0, out, HEADER, question.length);
        return out;
    }

    /** The same query under another id, as forwarded upstream. */
    public byte[] withId(byte[] message, int newId) {
        byte[] copy = message.clone();
        copy[0] = (byte) (newId >>> 8);
        copy[1] = (byte) newId;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsQuery q && id == q.id && flags == q.flags && name.equals(q.name) && type == q.type
                && qclass == q.qclass && java.util.Arrays.equals(question, q.question);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id + name.hashCode()) + type;
    }

    @Override
    public String toString() {
        return "DNS query " + id + " " + name + " type " + type;
    }
}
