package io.weft.controller.loxi;

import io.weft.controller.flow.Action;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.FieldMatch;
import io.weft.controller.flow.FlowKey;
import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.Instructions;
import io.weft.controller.flow.Match;
import io.weft.controller.flow.PortNumber;
import io.weft.controller.flow.TableId;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.protocol.oxm.OFOxms;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/** Translates Weft's flow ops into Loxi messages for one negotiated OpenFlow version. */
final class FlowOpEncoder {
    private final OFFactory factory;
    private final OFActions actions;
    private final OFOxms oxms;

    FlowOpEncoder(OFFactory factory) {
        this.factory = factory;
        this.actions = factory.actions();
        this.oxms = factory.oxms();
    }

    OFMessage encode(FlowOp op, long xid) {
        if (op instanceof FlowOp.AddFlow a) {
            FlowSpec f = a.flow();
            return factory.buildFlowAdd().setXid(xid).setTableId(table(f.table())).setPriority(f.priority().value())
                    .setCookie(U64.of(f.cookie().value())).setMatch(match(f.match()))
                    .setInstructions(instructions(f.instructions())).setBufferId(OFBufferId.NO_BUFFER)
                    .build();
        } else if (op instanceof FlowOp.ModifyFlowStrict m) {
            FlowSpec f = m.flow();
            return factory.buildFlowModifyStrict().setXid(xid).setTableId(table(f.table()))
                    .setPriority(f.priority().value()).setCookie(U64.of(f.cookie().value()))
                    .setMatch(match(f.match())).setInstructions(instructions(f.instructions()))
                    .setBufferId(OFBufferId.NO_BUFFER).build();
        } else if (op instanceof FlowOp.DeleteFlowStrict d) {
            FlowKey k = d.key();
            return factory.buildFlowDeleteStrict().setXid(xid).setTableId(table(k.table()))
                    .setPriority(k.priority().value()).setMatch(match(k.match()))
                    .setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).setBufferId(OFBufferId.NO_BUFFER).build();
        } else if (op instanceof FlowOp.DeleteFlows d) {
            return factory.buildFlowDelete().setXid(xid).setTableId(table(d.table())).setMatch(match(d.match()))
                    .setCookie(U64.of(d.cookie().cookie())).setCookieMask(U64.of(d.cookie().mask()))
                    .setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).setBufferId(OFBufferId.NO_BUFFER).build();
        } else if (op instanceof FlowOp.AddGroup g) {
            GroupSpec s = g.group();
            return factory.buildGroupAdd().setXid(xid).setGroup(OFGroup.of(s.groupId())).setGroupType(groupType(s))
                    .setBuckets(buckets(s)).build();
        } else if (op instanceof FlowOp.ModifyGroup g) {
            GroupSpec s = g.group();
            return factory.buildGroupModify().setXid(xid).setGroup(OFGroup.of(s.groupId()))
                    .setGroupType(groupType(s)).setBuckets(buckets(s)).build();
        } else if (op instanceof FlowOp.DeleteGroup g) {
            return factory.buildGroupDelete().setXid(xid).setGroup(OFGroup.of(g.groupId()))
                    .setGroupType(OFGroupType.ALL).build();
        }
        throw new IllegalArgumentException("unknown flow op " + op);
    }

    private static org.projectfloodlight.openflow.types.TableId table(TableId t) {
        return t.equals(TableId.ALL) ? org.projectfloodlight.openflow.types.TableId.ALL
                : org.projectfloodlight.openflow.types.TableId.of(t.value());
    }

    private static OFGroupType groupType(GroupSpec s) {
        return switch (s.type()) {
            case ALL -> OFGroupType.ALL;
            case INDIRECT -> OFGroupType.INDIRECT;
        };
    }

    private List<OFBucket> buckets(GroupSpec s) {
        List<OFBucket> out = new ArrayList<>(s.buckets().size());
        for (List<Action> bucket : s.buckets()) {
            out.add(factory.buildBucket().setActions(actionList(bucket)).setWatchGroup(OFGroup.ANY)
                    .setWatchPort(OFPort.ANY).build());
        }
        return out;
    }

    org.projectfloodlight.openflow.protocol.match.Match match(Match m) {
        org.projectfloodlight.openflow.protocol.match.Match.Builder b = factory.buildMatch();
        for (FieldMatch fm : m.fields()) {
            putField(b, fm);
        }
        return b.build();
    }

    private static void putField(org.projectfloodlight.openflow.protocol.match.Match.Builder b, FieldMatch fm) {
        long v = fm.value();
        long mask = fm.mask();
        boolean exact = fm.isExact();
        switch (fm.field()) {
            case IN_PORT -> b.setExact(MatchField.IN_PORT, OFPort.of((int) v));
            case METADATA -> {
                if (exact) {
                    b.setExact(MatchField.METADATA, OFMetadata.ofRaw(v));
                } else {
                    b.setMasked(MatchField.METADATA, OFMetadata.ofRaw(v), OFMetadata.ofRaw(mask));
                }
            }
            case TUNNEL_ID -> {
                if (exact) {
                    b.setExact(MatchField.TUNNEL_ID, U64.of(v));
                } else {
                    b.setMasked(MatchField.TUNNEL_ID, U64.of(v), U64.of(mask));
                }
            }
            case TUNNEL_IPV4_SRC -> ipv4(b, MatchField.TUNNEL_IPV4_SRC, v, mask, exact);
            case TUNNEL_IPV4_DST -> ipv4(b, MatchField.TUNNEL_IPV4_DST, v, mask, exact);
            case ETH_SRC -> mac(b, MatchField.ETH_SRC, v, mask, exact);
            case ETH_DST -> mac(b, MatchField.ETH_DST, v, mask, exact);
            case ETH_TYPE -> b.setExact(MatchField.ETH_TYPE, EthType.of((int) v));
            case IPV4_SRC -> ipv4(b, MatchField.IPV4_SRC, v, mask, exact);
            case IPV4_DST -> ipv4(b, MatchField.IPV4_DST, v, mask, exact);
            case IP_PROTO -> b.setExact(MatchField.IP_PROTO, IpProtocol.of((short) v));
            case UDP_DST -> b.setExact(MatchField.UDP_DST, TransportPort.of((int) v));
            case ARP_OP -> b.setExact(MatchField.ARP_OP, ArpOpcode.of((int) v));
            case ARP_SPA -> ipv4(b, MatchField.ARP_SPA, v, mask, exact);
            case ARP_TPA -> ipv4(b, MatchField.ARP_TPA, v, mask, exact);
            case ARP_SHA -> mac(b, MatchField.ARP_SHA, v, mask, exact);
            case ARP_THA -> mac(b, MatchField.ARP_THA, v, mask, exact);
        }
    }

    private static void ipv4(org.projectfloodlight.openflow.protocol.match.Match.Builder b,
                             MatchField<IPv4Address> f, long v, long mask, boolean exact) {
        if (exact) {
            b.setExact(f, IPv4Address.of((int) v));
        } else {
            b.setMasked(f, IPv4Address.of((int) v), IPv4Address.of((int) mask));
        }
    }

    private static void mac(org.projectfloodlight.openflow.protocol.match.Match.Builder b,
                            MatchField<MacAddress> f, long v, long mask, boolean exact) {
        if (exact) {
            b.setExact(f, MacAddress.of(v));
        } else {
            b.setMasked(f, MacAddress.of(v), MacAddress.of(mask));
        }
    }

    List<OFInstruction> instructions(Instructions ins) {
        List<OFInstruction> out = new ArrayList<>(3);
        // OpenFlow 1.3 fixes this order: apply-actions, then write-metadata, then goto-table.
        if (!ins.applyActions().isEmpty()) {
            out.add(factory.instructions().applyActions(actionList(ins.applyActions())));
        }
        if (ins.writesMetadata()) {
            out.add(factory.instructions().buildWriteMetadata().setMetadata(U64.of(ins.metadataValue()))
                    .setMetadataMask(U64.of(ins.metadataMask())).build());
        }
        if (ins.gotoTable() != null) {
            out.add(factory.instructions().gotoTable(
                    org.projectfloodlight.openflow.types.TableId.of(ins.gotoTable().value())));
        }
        return out;
    }

    List<OFAction> actionList(List<Action> list) {
        List<OFAction> out = new ArrayList<>(list.size());
        for (Action a : list) {
            out.add(action(a));
        }
        return out;
    }

    OFAction action(Action a) {
        if (a instanceof Action.Output o) {
            // max_len only matters for CONTROLLER; 0 elsewhere, as ovs-ofctl encodes it.
            int maxLen = o.port().equals(PortNumber.CONTROLLER) ? 0xffff : 0;
            return actions.buildOutput().setPort(port(o.port())).setMaxLen(maxLen).build();
        } else if (a instanceof Action.Group g) {
            return actions.group(OFGroup.of(g.groupId()));
        } else if (a instanceof Action.SetField s) {
            return actions.setField(oxm(s.field(), s.value()));
        } else if (a instanceof Action.Move m) {
            return new NiciraMoveAction(factory.getVersion(), m.bits(), m.srcOffset(), m.dstOffset(),
                    m.src().nxmHeader(), m.dst().nxmHeader());
        } else if (a instanceof Action.Resubmit r) {
            return new NiciraResubmitAction(factory.getVersion(), r.table().value());
        } else if (a instanceof Action.DecNwTtl) {
            return actions.decNwTtl();
        }
        throw new IllegalArgumentException("unknown action " + a);
    }

    private static OFPort port(PortNumber p) {
        return OFPort.ofInt((int) p.value());
    }

    private OFOxm<?> oxm(Field field, long v) {
        return switch (field) {
            case TUNNEL_ID -> oxms.tunnelId(U64.of(v));
            case TUNNEL_IPV4_SRC -> oxms.tunnelIpv4Src(IPv4Address.of((int) v));
            case TUNNEL_IPV4_DST -> oxms.tunnelIpv4Dst(IPv4Address.of((int) v));
            case ETH_SRC -> oxms.ethSrc(MacAddress.of(v));
            case ETH_DST -> oxms.ethDst(MacAddress.of(v));
            case ETH_TYPE -> oxms.ethType(EthType.of((int) v));
            case IPV4_SRC -> oxms.ipv4Src(IPv4Address.of((int) v));
            case IPV4_DST -> oxms.ipv4Dst(IPv4Address.of((int) v));
            case IP_PROTO -> oxms.ipProto(IpProtocol.of((short) v));
            case UDP_DST -> oxms.udpDst(TransportPort.of((int) v));
            case ARP_OP -> oxms.arpOp(ArpOpcode.of((int) v));
            case ARP_SPA -> oxms.arpSpa(IPv4Address.of((int) v));
            case ARP_TPA -> oxms.arpTpa(IPv4Address.of((int) v));
            case ARP_SHA -> oxms.arpSha(MacAddress.of(v));
            case ARP_THA -> oxms.arpTha(MacAddress.of(v));
            case IN_PORT, METADATA -> throw new IllegalArgumentException("set_field cannot write " + field.ofctlName());
        };
    }
}
