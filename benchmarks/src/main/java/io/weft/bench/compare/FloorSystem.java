package io.weft.bench.compare;

import io.weft.controller.WireFormat;
import io.weft.controller.flow.Action;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.Instructions;
import io.weft.controller.flow.Match;
import io.weft.controller.flow.PortNumber;
import io.weft.controller.flow.TableId;
import io.weft.ovsdb.Atoms;
import io.weft.ovsdb.Condition;
import io.weft.ovsdb.Mutation;
import io.weft.ovsdb.Operation;
import io.weft.ovsdb.OvsdbClient;
import io.weft.ovsdb.OvsdbConfig;
import io.weft.ovsdb.OvsdbConnectionHandler;
import io.weft.ovsdb.OvsdbConnector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The floor for a new port's time to first ping (issue 19): what OVS itself costs with no controller logic at all.
 * The hosts get the same br-int and flow-based VXLAN port as Weft gives them, connected to plain sockets
 * ({@link FloorSwitch}). As Weft does, everything that does not need the port is installed when the endpoint is
 * created (untimed here): on every host an ARP reply for its IP, and on the other hosts its MAC into the tunnel to
 * its host. Its port name is known before it is plugged (the runtime tells, {@link #plugging}); when the port's
 * PORT_STATUS arrives, the floor writes one bundle to the port's host (admit the port's packets, and its MAC to its
 * port), and once the commit is confirmed, marks the interface ({@value #READY_KEY}) over OVSDB as Weft does. The
 * only work on that path is encoding two flows (microseconds), since the port number is known only then.
 *
 * <p>The flows are the least a ping needs, in two tables. Table 0 admits the tunnel port and each endpoint's port
 * once its bundle is in (as in Weft, nothing a new port sends is answered before its flows are there). Table 1: an
 * ARP reply per IP, broadcast to every other port and over the tunnel to every other host, and one flow per MAC.
 * One network, no check of source addresses, no VNI isolation: a floor, not a competitor, since Weft's pipeline
 * installs more and checks more. No restart, no bulk creation.
 */
final class FloorSystem implements SystemUnderTest {
    static final String READY_KEY = "floor-ready";
    private static final long TUNNEL_PORT = 4789;
    private static final long VNI = 0x100;
    private static final int ARP_PRIORITY = 200;
    private static final int MAC_PRIORITY = 100;
    private static final int FLOOD_PRIORITY = 10;
    private static final int ADMIT_PRIORITY = 100;
    private static final int LOOKUP = 1;

    private record Endpoint(String id, int host, long mac, long ip) {
    }

    private record Plug(int host, Endpoint endpoint) {
    }

    private final ServerSocket server;
    private final List<SimHost> hosts = new ArrayList<>();
    private final List<FloorSwitch> switches = new ArrayList<>();
    private final List<OvsdbConnector> databases = new ArrayList<>();
    private final List<CompletableFuture<OvsdbClient>> clients = new ArrayList<>();
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    /** Ports announced by the runtime and not seen yet, by host then port name. */
    private final Map<String, Plug> plugs = new ConcurrentHashMap<>();
    /** Each timed port on the floor's clock, as Weft times its own (port status -> bundles written -> mark confirmed). */
    private final Map<String, PortTiming> timings = new ConcurrentHashMap<>();
    /** Each plugged endpoint's OpenFlow port, by iface-id. */
    private final Map<String, Long> ports = new ConcurrentHashMap<>();

    FloorSystem() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"));
    }

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public String readyKey() {
        return READY_KEY;
    }

    @Override
    public void start(List<SimHost> joining) throws Exception {
        for (SimHost h : joining) {
            int index = hosts.size();
            hosts.add(h);
            h.ovs().vsctl("--may-exist", "add-br", "br-int", "--", "set", "Bridge", "br-int",
                    "datapath_type=" + h.datapathType(), "fail_mode=secure", "protocols=OpenFlow13,OpenFlow14",
                    "other_config:disable-in-band=true",
                    "--", "add-port", "br-int", "weft-vxlan", "--", "set", "Interface", "weft-vxlan", "type=vxlan",
                    "ofport_request=" + TUNNEL_PORT, "options:remote_ip=flow", "options:key=flow",
                    "options:dst_port=4789", "options:local_ip=" + h.tunnelIp(),
                    "--", "set-controller", "br-int", "tcp:" + h.controllerAddress() + ":" + server.getLocalPort());
            // One host at a time, so the connection accepted is this host's.
            FloorSwitch sw = FloorSwitch.accept(server, (port, name) -> portAdded(index, port, name));
            switches.add(sw);
            CompletableFuture<OvsdbClient> client = new CompletableFuture<>();
            OvsdbConnector db = new OvsdbConnector("unix:" + h.ovs().dbSocket(), OvsdbConfig.defaults(),
                    new OvsdbConnectionHandler() {
                        @Override
                        public void connected(OvsdbClient c) {
                            client.complete(c);
                        }

                        @Override
                        public void disconnected(OvsdbClient c) {
                        }
                    });
            databases.add(db);
            clients.add(client);
            db.start();
            client.get(30, TimeUnit.SECONDS);
        }
        // Broadcast: from the tunnel to every local port; from a local port to every other one and to every other
        // host. OFPP_ALL leaves out the port a packet came in on, so a local port's broadcast also goes out of the
        // tunnel port once more (to the last host set): a duplicate ARP request, harmless for the measure.
        for (int h = 0; h < hosts.size(); h++) {
            List<Action> flood = new ArrayList<>(List.of(Action.setField(Field.TUNNEL_ID, VNI)));
            for (int other = 0; other < hosts.size(); other++) {
                if (other != h) {
                    flood.add(Action.setField(Field.TUNNEL_IPV4_DST, ipv4(hosts.get(other).tunnelIp())));
                    flood.add(Action.output(TUNNEL_PORT));
                }
            }
            flood.add(Action.output(PortNumber.ALL));
            FlowSpec admitTunnel = admit(TUNNEL_PORT);
            FlowSpec fromTunnel = FlowSpec.builder().table(LOOKUP).priority(FLOOD_PRIORITY + 1).cookie(1)
                    .match(Match.builder().inPort(TUNNEL_PORT).ethDst(0xffff_ffff_ffffL).build())
                    .actions(Action.output(PortNumber.ALL)).build();
            FlowSpec fromLocal = FlowSpec.builder().table(LOOKUP).priority(FLOOD_PRIORITY).cookie(2)
                    .match(Match.builder().ethDst(0xffff_ffff_ffffL).build())
                    .actions(flood.toArray(Action[]::new)).build();
            switches.get(h).pushAndWait(WireFormat.bundle(List.of(FlowOp.add(admitTunnel), FlowOp.add(fromTunnel),
                    FlowOp.add(fromLocal))));
        }
    }

    @Override
    public void createNetwork(int index) {
        if (index != 0) {
            throw new UnsupportedOperationException("the floor has one network");
        }
    }

    @Override
    public void settle() {
    }

    @Override
    public String createEndpoint(int network, int host, int index) {
        throw new UnsupportedOperationException("the floor needs the endpoint's addresses");
    }

    @Override
    public String createEndpoint(int network, int host, int index, EndpointAddress address) throws Exception {
        createNetwork(network);
        String id = "floor-" + index;
        long mac = Long.parseLong(address.mac().replace(":", ""), 16);
        endpoints.put(id, new Endpoint(id, host, mac, ipv4(address.ip())));
        for (int h = 0; h < hosts.size(); h++) {
            List<FlowOp> ops = new ArrayList<>(List.of(FlowOp.add(arpReply(ipv4(address.ip()), mac))));
            if (h != host) {
                ops.add(FlowOp.add(FlowSpec.builder().table(LOOKUP).priority(MAC_PRIORITY).cookie(mac)
                        .match(Match.builder().ethDst(mac).build())
                        .actions(Action.setField(Field.TUNNEL_ID, VNI),
                                Action.setField(Field.TUNNEL_IPV4_DST, ipv4(hosts.get(host).tunnelIp())),
                                Action.output(TUNNEL_PORT)).build()));
            }
            switches.get(h).pushAndWait(WireFormat.bundle(ops));
        }
        return id;
    }

    /** Its flows go from every host (strict deletes by match and priority). */
    @Override
    public void deleteEndpoint(int network, String id) throws Exception {
        Endpoint e = endpoints.remove(id);
        for (int h = 0; h < hosts.size(); h++) {
            List<FlowOp> ops = new ArrayList<>(List.of(FlowOp.deleteStrict(arpReply(e.ip(), e.mac()))));
            ops.add(FlowOp.deleteStrict(FlowSpec.builder().table(LOOKUP).priority(MAC_PRIORITY).cookie(e.mac())
                    .match(Match.builder().ethDst(e.mac()).build()).actions(Action.output(TUNNEL_PORT)).build()));
            Long port = ports.remove(id);
            if (h == e.host() && port != null) {
                ops.add(FlowOp.deleteStrict(admit(port)));
            }
            switches.get(h).pushAndWait(WireFormat.bundle(ops));
        }
    }

    /** Table 0: the port's packets go on to the lookup. */
    private static FlowSpec admit(long port) {
        return FlowSpec.builder().table(0).priority(ADMIT_PRIORITY).cookie(port | 2L << 48)
                .match(Match.builder().inPort(port).build())
                .instructions(Instructions.gotoTable(TableId.of(LOOKUP))).build();
    }

    /** "Who has IP?" answered with MAC out of the port it came in, as Weft's ARP responder does. */
    private static FlowSpec arpReply(long ip, long mac) {
        return FlowSpec.builder().table(LOOKUP).priority(ARP_PRIORITY).cookie(mac | 1L << 48)
                .match(Match.builder().arpOp(1).arpTpa((int) ip).build())
                .actions(Action.Move.whole(Field.ETH_SRC, Field.ETH_DST), Action.setField(Field.ETH_SRC, mac),
                        Action.setField(Field.ARP_OP, 2), Action.Move.whole(Field.ARP_SHA, Field.ARP_THA),
                        Action.Move.whole(Field.ARP_SPA, Field.ARP_TPA), Action.setField(Field.ARP_SHA, mac),
                        Action.setField(Field.ARP_SPA, ip), Action.output(PortNumber.IN_PORT))
                .build();
    }

    @Override
    public void plugging(int host, String ifaceId, String port) {
        plugs.put(host + "/" + port, new Plug(host, endpoints.get(ifaceId)));
    }

    /** On the switch's reader thread: the port is there, so its flows can go in. */
    private void portAdded(int host, long portNo, String name) {
        Plug plug = plugs.remove(host + "/" + name);
        if (plug == null) {
            return; // not an endpoint's port (the tunnel, or a port of the set-up)
        }
        long seen = System.nanoTime();
        ports.put(plug.endpoint().id(), portNo);
        try {
            long mac = plug.endpoint().mac();
            FlowSpec toPort = FlowSpec.builder().table(LOOKUP).priority(MAC_PRIORITY).cookie(mac)
                    .match(Match.builder().ethDst(mac).build()).actions(Action.output(portNo)).build();
            CompletableFuture<Void> commit = switches.get(host).push(WireFormat.bundle(List.of(FlowOp.add(toPort),
                    FlowOp.add(admit(portNo)))));
            long sent = System.nanoTime();
            commit.thenCompose(done -> mark(host, name))
                    .thenRun(() -> timings.put(plug.endpoint().id(),
                            new PortTiming((System.nanoTime() - seen) / 1e6, (sent - seen) / 1e6)))
                    .exceptionally(e -> {
                        Testbed.log("floor: port %s on host %d: %s", name, host, e.getMessage());
                        return null;
                    });
        } catch (IOException e) {
            Testbed.log("floor: port %s on host %d: %s", name, host, e.getMessage());
        }
    }

    private CompletableFuture<Void> mark(int host, String port) {
        Operation mark = new Operation.Mutate("Interface", List.of(Condition.equal("name", port)),
                List.of(Mutation.insert("external_ids", Atoms.stringMap(Map.of(READY_KEY, "true")))));
        return clients.get(host).join().transact("Open_vSwitch", List.of(mark)).thenApply(r -> null);
    }

    private static long ipv4(String dotted) {
        long ip = 0;
        for (String part : dotted.split("\\.")) {
            ip = (ip << 8) | Integer.parseInt(part);
        }
        return ip;
    }

    @Override
    public List<String> createEndpoints(List<NewEndpoint> endpoints) {
        throw new UnsupportedOperationException("the floor creates no endpoints in bulk");
    }

    @Override
    public List<String> createEndpointsAt(List<NewEndpoint> endpoints) {
        throw new UnsupportedOperationException("the floor creates no endpoints in bulk");
    }

    @Override
    public Map<String, PortTiming> portTimings() {
        return Map.copyOf(timings);
    }

    @Override
    public Map<String, Long> controllerRssKb() {
        return Map.of();
    }

    @Override
    public void restartController(int host) {
        throw new UnsupportedOperationException("the floor has no controller to restart");
    }

    @Override
    public void close() throws Exception {
        for (OvsdbConnector db : databases) {
            db.close();
        }
        for (FloorSwitch sw : switches) {
            sw.close();
        }
        server.close();
    }
}
