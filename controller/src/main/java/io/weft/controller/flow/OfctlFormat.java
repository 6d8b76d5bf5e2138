package io.weft.controller.flow;

import java.util.List;
import java.util.StringJoiner;

/**
 * Renders specs in {@code ovs-ofctl -O OpenFlow13 dump-flows} / {@code dump-groups} syntax, without
 * the statistics (duration, n_packets, n_bytes). Golden tests and the REST API print flows this way,
 * and tests check it against what OVS itself prints for the same flows.
 */
public final class OfctlFormat {
    private static final int DEFAULT_PRIORITY = 0x8000;

    private OfctlFormat() {
    }

    /** {@code cookie=0x1, table=0, priority=100,in_port=1 actions=output:2} */
    public static String flow(FlowSpec f) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("cookie=0x").append(Long.toHexString(f.cookie().value()))
                .append(", table=").append(f.table().value()).append(", ");
        String match = matchWithPriority(f.match(), f.priority().value());
        sb.append(match);
        if (!match.isEmpty()) {
            sb.append(' ');
        }
        sb.append("actions=").append(instructions(f.instructions()));
        return sb.toString();
    }

    /** The match alone, in ovs-ofctl field order ("arp"/"ip" shorthand instead of dl_type). */
    public static String match(Match m) {
        return matchWithPriority(m, DEFAULT_PRIORITY);
    }

    private static String matchWithPriority(Match m, int priority) {
        StringJoiner j = new StringJoiner(",");
        if (priority != DEFAULT_PRIORITY) {
            j.add("priority=" + priority);
        }
        long ethType = m.get(Field.ETH_TYPE).map(FieldMatch::value).orElse(-1L);
        long proto = m.get(Field.IP_PROTO).map(FieldMatch::value).orElse(-1L);
        boolean protoShorthand = false;
        if (ethType == Match.ETH_TYPE_ARP) {
            j.add("arp");
        } else if (ethType == Match.ETH_TYPE_IPV4) {
            String name = proto == 1 ? "icmp" : proto == 6 ? "tcp" : proto == 17 ? "udp" : "ip";
            protoShorthand = !name.equals("ip");
            j.add(name);
        }
        for (FieldMatch fm : m.fields()) {
            if (fm.field() == Field.ETH_TYPE && (ethType == Match.ETH_TYPE_ARP || ethType == Match.ETH_TYPE_IPV4)) {
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
            return f.ofctlName() + "=" + f.format(fm.value());
        }
        if (f.kind() == FieldKind.IPV4 && isPrefixMask(fm.mask())) {
            return f.ofctlName() + "=" + f.format(fm.value()) + "/" + Long.bitCount(fm.mask());
        }
        return f.ofctlName() + "=" + f.format(fm.value()) + "/" + f.format(fm.mask());
    }

    private static boolean isPrefixMask(long mask) {
        int m = (int) mask;
        return m != 0 && (~m & (~m + 1)) == 0;
    }

    /** Instructions as ovs-ofctl prints them after {@code actions=}. */
    public static String instructions(Instructions ins) {
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

    public static String actions(List<Action> actions) {
        if (actions.isEmpty()) {
            return "drop";
        }
        StringJoiner j = new StringJoiner(",");
        actions.forEach(a -> j.add(action(a)));
        return j.toString();
    }

    public static String action(Action a) {
        if (a instanceof Action.Output o) {
            PortNumber p = o.port();
            if (p.equals(PortNumber.CONTROLLER)) {
                return "CONTROLLER:65535";
            }
            return p.isReserved() ? p.toString() : "output:" + p;
        } else if (a instanceof Action.Group g) {
            return "group:" + Integer.toUnsignedString(g.groupId());
        } else if (a instanceof Action.SetField s) {
            return "set_field:" + s.field().format(s.value()) + "->" + s.field().setFieldName();
        } else if (a instanceof Action.Move m) {
            return "move:" + bits(m.src(), m.srcOffset(), m.bits()) + "->" + bits(m.dst(), m.dstOffset(), m.bits());
        } else if (a instanceof Action.Resubmit r) {
            return "resubmit(," + r.table().value() + ")";
        } else if (a instanceof Action.DecNwTtl) {
            return "dec_ttl";
        }
        throw new IllegalArgumentException("unknown action " + a);
    }

    private static String bits(Field f, int offset, int n) {
        if (offset == 0 && n == f.bits()) {
            return f.nxmName() + "[]";
        }
        return f.nxmName() + "[" + offset + ".." + (offset + n - 1) + "]";
    }

    /** {@code group_id=1,type=all,bucket=actions=output:1,bucket=actions=output:2} */
    public static String group(GroupSpec g) {
        StringBuilder sb = new StringBuilder("group_id=").append(Integer.toUnsignedString(g.groupId()))
                .append(",type=").append(g.type().ofctlName());
        for (List<Action> bucket : g.buckets()) {
            sb.append(",bucket=actions=").append(actions(bucket));
        }
        return sb.toString();
    }
}
