package io.weft.controller.flow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/**
 * The canonical encoding of a flow's content (table, priority, match, instructions; never its cookie), version 1:
 * what content-addressed cookies hash. It is not the display text ({@link OfctlFormat}), and must not follow it:
 * a cookie is how a restarted or upgraded controller recognises the flows already on a switch, so any change to
 * this encoding gives every flow on every host a new cookie, and OpenFlow 1.3+ cannot re-cookie a flow in place
 * (the next upgrade would replace every flow). Hence everything it writes is spelled out here, frozen: field names
 * and their order, value notation, port names, action names. Version 1 is byte-for-byte the text the 0.1 releases
 * hashed (then ovs-ofctl's dump syntax), so those releases' flows keep their cookies; {@code GoldenFlowsTest}
 * pins the resulting cookies and {@code UpgradeIT} upgrades a running network from the previous release's jar.
 *
 * <p>A new field or action needs a new spelling here (the switches below are exhaustive, so it will not compile
 * without one); existing spellings never change. A deliberate change is a new version, and a release note.
 */
public final class CanonicalFlowText {
    private static final int DEFAULT_PRIORITY = 0x8000;
    private static final long ETH_TYPE_ARP = 0x0806;
    private static final long ETH_TYPE_IPV4 = 0x0800;

    private CanonicalFlowText() {
    }

    /** The flow's content, version 1; the cookie it carries is ignored. */
    public static String of(FlowSpec f) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("cookie=0x0, table=").append(f.table().value()).append(", ");
        String match = match(f.match(), f.priority().value());
        sb.append(match);
        if (!match.isEmpty()) {
            sb.append(' ');
        }
        sb.append("actions=").append(instructions(f.instructions()));
        return sb.toString();
    }

    private static String match(Match m, int priority) {
        StringJoiner j = new StringJoiner(",");
        if (priority != DEFAULT_PRIORITY) {
            j.add("priority=" + priority);
        }
        long ethType = m.get(Field.ETH_TYPE).map(FieldMatch::value).orElse(-1L);
        long proto = m.get(Field.IP_PROTO).map(FieldMatch::value).orElse(-1L);
        boolean protoShorthand = false;
        if (ethType == ETH_TYPE_ARP) {
            j.add("arp");
        } else if (ethType == ETH_TYPE_IPV4) {
            String name = proto == 1 ? "icmp" : proto == 6 ? "tcp" : proto == 17 ? "udp" : "ip";
            protoShorthand = !name.equals("ip");
            j.add(name);
        }
        List<FieldMatch> fields = new ArrayList<>();
        m.fields().forEach(fields::add);
        fields.sort(Comparator.comparingInt(fm -> rank(fm.field())));
        for (FieldMatch fm : fields) {
            if (fm.field() == Field.ETH_TYPE && (ethType == ETH_TYPE_ARP || ethType == ETH_TYPE_IPV4)) {
                continue;
            }
            if (fm.field() == Field.IP_PROTO && protoShorthand) {
                continue;
            }
            j.add(fieldMatch(fm));
        }
        return j.toString();
    }

    private static String fieldMatch(FieldMatch fm) {
        Field f = fm.field();
        if (fm.isExact()) {
            return matchName(f) + "=" + value(f, fm.value());
        }
        if (notation(f) == Notation.IPV4 && isPrefixMask(fm.mask())) {
            return matchName(f) + "=" + value(f, fm.value()) + "/" + Long.bitCount(fm.mask());
        }
        return matchName(f) + "=" + value(f, fm.value()) + "/" + value(f, fm.mask());
    }

    private static boolean isPrefixMask(long mask) {
        int m = (int) mask;
        return m != 0 && (~m & (~m + 1)) == 0;
    }

    private static String instructions(Instructions ins) {
        if (ins.isDrop()) {
            return "drop";
        }
        StringJoiner j = new StringJoiner(",");
        for (Action a : ins.applyActions()) {
            j.add(action(a));
        }
        if (ins.writesMetadata()) {
            String text = "write_metadata:0x" + Long.toHexString(ins.metadataValue());
            if (ins.metadataMask() != -1L) {
                text += "/0x" + Long.toHexString(ins.metadataMask());
            }
            j.add(text);
        }
        if (ins.gotoTable() != null) {
            j.add("goto_table:" + ins.gotoTable().value());
        }
        return j.toString();
    }

    private static String action(Action a) {
        if (a instanceof Action.Output o) {
            PortNumber p = o.port();
            if (p.equals(PortNumber.CONTROLLER)) {
                return "CONTROLLER:65535";
            }
            return p.value() >= 0xffffff00L ? port(p.value()) : "output:" + port(p.value());
        } else if (a instanceof Action.Group g) {
            return "group:" + Integer.toUnsignedString(g.groupId());
        } else if (a instanceof Action.SetField s) {
            return "set_field:" + value(s.field(), s.value()) + "->" + setFieldName(s.field());
        } else if (a instanceof Action.Move m) {
            return "move:" + bits(m.src(), m.srcOffset(), m.bits()) + "->" + bits(m.dst(), m.dstOffset(), m.bits());
        } else if (a instanceof Action.Resubmit r) {
            return "resubmit(," + r.table().value() + ")";
        } else if (a instanceof Action.DecNwTtl) {
            return "dec_ttl";
        }
        throw new IllegalArgumentException("no canonical spelling for action " + a.getClass().getSimpleName());
    }

    private static String bits(Field f, int offset, int n) {
        if (offset == 0 && n == f.bits()) {
            return moveName(f) + "[]";
        }
        return moveName(f) + "[" + offset + ".." + (offset + n - 1) + "]";
    }

    /** The order fields are written in: version 1's, whatever order {@link Field} declares them in. */
    private static int rank(Field f) {
        return switch (f) {
            case TUNNEL_ID -> 0;
            case TUNNEL_IPV4_SRC -> 1;
            case TUNNEL_IPV4_DST -> 2;
            case METADATA -> 3;
            case IN_PORT -> 4;
            case ETH_SRC -> 5;
            case ETH_DST -> 6;
            case ETH_TYPE -> 7;
            case IPV4_SRC -> 8;
            case IPV4_DST -> 9;
            case IP_PROTO -> 10;
            case UDP_DST -> 11;
            case ARP_SPA -> 12;
            case ARP_TPA -> 13;
            case ARP_OP -> 14;
            case ARP_SHA -> 15;
            case ARP_THA -> 16;
        };
    }

    private static String matchName(Field f) {
        return switch (f) {
            case TUNNEL_ID -> "tun_id";
            case TUNNEL_IPV4_SRC -> "tun_src";
            case TUNNEL_IPV4_DST -> "tun_dst";
            case METADATA -> "metadata";
            case IN_PORT -> "in_port";
            case ETH_SRC -> "dl_src";
            case ETH_DST -> "dl_dst";
            case ETH_TYPE -> "dl_type";
            case IPV4_SRC -> "nw_src";
            case IPV4_DST -> "nw_dst";
            case IP_PROTO -> "nw_proto";
            case UDP_DST -> "tp_dst";
            case ARP_SPA -> "arp_spa";
            case ARP_TPA -> "arp_tpa";
            case ARP_OP -> "arp_op";
            case ARP_SHA -> "arp_sha";
            case ARP_THA -> "arp_tha";
        };
    }

    private static String setFieldName(Field f) {
        return switch (f) {
            case ETH_SRC -> "eth_src";
            case ETH_DST -> "eth_dst";
            case ETH_TYPE -> "eth_type";
            case IPV4_SRC -> "ip_src";
            case IPV4_DST -> "ip_dst";
            case TUNNEL_ID, TUNNEL_IPV4_SRC, TUNNEL_IPV4_DST, METADATA, IN_PORT, IP_PROTO, UDP_DST, ARP_SPA, ARP_TPA,
                 ARP_OP, ARP_SHA, ARP_THA -> matchName(f);
        };
    }

    private static String moveName(Field f) {
        return switch (f) {
            case TUNNEL_ID -> "NXM_NX_TUN_ID";
            case TUNNEL_IPV4_SRC -> "NXM_NX_TUN_IPV4_SRC";
            case TUNNEL_IPV4_DST -> "NXM_NX_TUN_IPV4_DST";
            case METADATA -> "OXM_OF_METADATA";
            case IN_PORT -> "NXM_OF_IN_PORT";
            case ETH_SRC -> "NXM_OF_ETH_SRC";
            case ETH_DST -> "NXM_OF_ETH_DST";
            case ETH_TYPE -> "NXM_OF_ETH_TYPE";
            case IPV4_SRC -> "NXM_OF_IP_SRC";
            case IPV4_DST -> "NXM_OF_IP_DST";
            case IP_PROTO -> "NXM_OF_IP_PROTO";
            case UDP_DST -> "NXM_OF_UDP_DST";
            case ARP_SPA -> "NXM_OF_ARP_SPA";
            case ARP_TPA -> "NXM_OF_ARP_TPA";
            case ARP_OP -> "NXM_OF_ARP_OP";
            case ARP_SHA -> "NXM_NX_ARP_SHA";
            case ARP_THA -> "NXM_NX_ARP_THA";
        };
    }

    private enum Notation { DECIMAL, HEX, MAC, IPV4, PORT }

    private static Notation notation(Field f) {
        return switch (f) {
            case TUNNEL_ID, METADATA, ETH_TYPE -> Notation.HEX;
            case TUNNEL_IPV4_SRC, TUNNEL_IPV4_DST, IPV4_SRC, IPV4_DST, ARP_SPA, ARP_TPA -> Notation.IPV4;
            case IN_PORT -> Notation.PORT;
            case ETH_SRC, ETH_DST, ARP_SHA, ARP_THA -> Notation.MAC;
            case IP_PROTO, UDP_DST, ARP_OP -> Notation.DECIMAL;
        };
    }

    private static String value(Field f, long v) {
        return switch (notation(f)) {
            case DECIMAL -> Long.toString(v);
            case HEX -> v == 0 ? "0" : "0x" + Long.toHexString(v);
            case MAC -> mac(v);
            case IPV4 -> ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
            case PORT -> port(v);
        };
    }

    private static String mac(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            int b = (int) ((mac >>> shift) & 0xff);
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            if (shift > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    private static String port(long value) {
        if (value == 0xfffffff8L) {
            return "IN_PORT";
        } else if (value == 0xfffffffcL) {
            return "ALL";
        } else if (value == 0xfffffffdL) {
            return "CONTROLLER";
        } else if (value == 0xfffffffeL) {
            return "LOCAL";
        } else if (value == 0xffffffffL) {
            return "ANY";
        }
        return Long.toString(value);
    }
}
