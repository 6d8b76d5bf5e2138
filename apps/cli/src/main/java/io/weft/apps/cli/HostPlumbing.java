package io.weft.apps.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What attach and detach do on the local machine: the veth pair, the container side's addresses and route, and
 * the port on {@code br-int}. Every step is a plain {@code ip}/{@code nsenter}/{@code ethtool}/{@code ovs-vsctl}
 * command, so an operator can repeat or undo any of it by hand.
 */
public final class HostPlumbing {
    static final String BRIDGE = "br-int";
    static final String CONTAINER_IFACE = "eth0";
    /** Also set on the OVS interface, so detach finds the port even after the endpoint is gone from the API. */
    public static final String NETWORK_KEY = "weft-network";
    public static final String ENDPOINT_KEY = "weft-endpoint";

    /** {@code 7: name@if6: <...>}: the interface's index and, for a veth, its peer's index in the peer's namespace. */
    private static final Pattern LINK = Pattern.compile("^(\\d+): [^:@]+(?:@if(\\d+))?:");

    private final LocalCommands commands;
    private final String ovsDb;

    /** {@code ovsDb} is ovs-vsctl's {@code --db} target, or null for ovs-vsctl's default. */
    public HostPlumbing(LocalCommands commands, String ovsDb) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.ovsDb = ovsDb;
    }

    /** This host's name in Weft: the local Open vSwitch's {@code external_ids:system-id}. */
    public String systemId() {
        LocalCommands.Result result = commands.probe(vsctl("get", "Open_vSwitch", ".", "external_ids:system-id"));
        String id = result.out().strip().replace("\"", "");
        if (!result.ok() || id.isEmpty()) {
            throw new CliFailure("cannot tell this host's name: the local Open vSwitch has no external_ids:system-id ("
                    + (result.err().isEmpty() ? "empty" : result.err()) + "); pass --host or join the host first");
        }
        return id;
    }

    /** A link's index and its veth peer's index, as {@code ip -o link} shows them. */
    record Link(int index, Optional<Integer> peerIndex) {
    }

    Optional<Link> hostLink(String name) {
        return link(commands.probe(List.of("ip", "-o", "link", "show", "dev", name)));
    }

    Optional<Link> containerLink(ContainerNetns netns) {
        return link(commands.probe(inNetns(netns, "ip", "-o", "link", "show", "dev", CONTAINER_IFACE)));
    }

    private static Optional<Link> link(LocalCommands.Result result) {
        if (!result.ok()) {
            return Optional.empty();
        }
        Matcher m = LINK.matcher(result.out());
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Link(Integer.parseInt(m.group(1)),
                Optional.ofNullable(m.group(2)).map(Integer::valueOf)));
    }

    /**
     * Creates a veth pair in this namespace, both ends with {@code mtu}; the peer gets {@code mac} and no transmit
     * checksum offload, since it is going into a container whose packets cross the userspace datapath.
     */
    public void createVethPair(String hostSide, String peer, String mac, int mtu) {
        commands.run(List.of("ip", "link", "add", hostSide, "mtu", Integer.toString(mtu), "type", "veth",
                "peer", "name", peer, "mtu", Integer.toString(mtu)));
        commands.run(List.of("ip", "link", "set", "dev", peer, "address", mac));
        // The userspace datapath does not complete the partial checksums a veth hands over: without this, TCP
        // hangs while ping works.
        commands.run(List.of("ethtool", "-K", peer, "tx", "off"));
    }

    /** Whether {@code hostSide} and the container's eth0 are the two ends of one veth pair. */
    boolean pairedWithContainer(String hostSide, ContainerNetns netns) {
        Optional<Link> host = hostLink(hostSide);
        Optional<Link> container = containerLink(netns);
        return host.isPresent() && container.isPresent()
                && host.get().peerIndex().equals(Optional.of(container.get().index()))
                && container.get().peerIndex().equals(Optional.of(host.get().index()));
    }

    /** Creates the pair with the peer born inside the container as eth0, so it never clashes with a host eth0. */
    void createVeth(String hostSide, ContainerNetns netns) {
        commands.run(List.of("ip", "link", "add", hostSide, "type", "veth", "peer", "name", CONTAINER_IFACE,
                "netns", netns.ipArg()));
    }

    /** Gives the container's eth0 the endpoint's addresses; every step may be repeated with the same result. */
    void configureContainer(ContainerNetns netns, AttachedEndpoint endpoint) {
        commands.run(inNetns(netns, "ip", "link", "set", "dev", CONTAINER_IFACE, "address", endpoint.mac(),
                "mtu", Integer.toString(endpoint.mtu())));
        commands.run(inNetns(netns, "ip", "addr", "replace", endpoint.cidr(), "dev", CONTAINER_IFACE));
        commands.run(inNetns(netns, "ip", "link", "set", "dev", CONTAINER_IFACE, "up"));
        commands.run(inNetns(netns, "ip", "route", "replace", "default", "via", endpoint.gateway(),
                "dev", CONTAINER_IFACE));
        // The userspace datapath does not complete the partial checksums a veth hands over: without this, TCP
        // hangs while ping works.
        commands.run(inNetns(netns, "ethtool", "-K", CONTAINER_IFACE, "tx", "off"));
    }

    public void bringUp(String hostSide) {
        commands.run(List.of("ip", "link", "set", "dev", hostSide, "up"));
    }

    /** Deletes a host-side veth (its container peer goes with it); nothing if it is not there. */
    public void deleteLinkIfPresent(String name) {
        if (hostLink(name).isPresent()) {
            commands.run(List.of("ip", "link", "del", "dev", name));
        }
    }

    /** Deletes the container's eth0 if it carries {@code mac}, i.e. if it is this endpoint's and not another's. */
    void deleteContainerLinkIfOurs(ContainerNetns netns, String mac) {
        LocalCommands.Result show = commands.probe(inNetns(netns, "ip", "-o", "link", "show", "dev", CONTAINER_IFACE));
        if (show.ok() && show.out().toLowerCase(java.util.Locale.ROOT).contains("link/ether " + mac + " ")) {
            commands.run(inNetns(netns, "ip", "link", "del", "dev", CONTAINER_IFACE));
        }
    }

    boolean portExists(String name) {
        return commands.probe(vsctl("port-to-br", name)).ok();
    }

    /** Plugs the host side into br-int; {@code iface-id} is what makes the controller bind the endpoint to it. */
    void plug(String hostSide, AttachedEndpoint endpoint, String network) {
        Map<String, String> externalIds = new LinkedHashMap<>();
        externalIds.put("iface-id", endpoint.id());
        externalIds.put("attached-mac", endpoint.mac());
        externalIds.put(NETWORK_KEY, network);
        externalIds.put(ENDPOINT_KEY, endpoint.name());
        plugPort(hostSide, externalIds);
    }

    /**
     * Adds {@code hostSide} to br-int (or keeps it there) with these Interface {@code external_ids}; an
     * {@code iface-id} among them is what makes the controller bind an endpoint to the port.
     */
    public void plugPort(String hostSide, Map<String, String> externalIds) {
        List<String> command = vsctl("--may-exist", "add-port", BRIDGE, hostSide, "--", "set", "Interface", hostSide);
        externalIds.forEach((key, value) -> command.add("external_ids:" + key + "=" + quoted(value)));
        LocalCommands.Result result = commands.probe(command);
        if (!result.ok()) {
            String hint = result.err().contains("no bridge named " + BRIDGE)
                    ? " (the controller creates br-int once this host has joined: see README)" : "";
            throw new CliFailure("cannot plug " + hostSide + " into " + BRIDGE + ": " + result.err() + hint);
        }
    }

    public void unplug(String name) {
        commands.run(vsctl("--if-exists", "del-port", name));
    }

    /** Ports that attach made for endpoint {@code name} of {@code network}, found by the keys it set. */
    List<String> portsOf(String network, String name) {
        String out = commands.run(vsctl("--bare", "--columns=name", "find", "Interface",
                "external_ids:" + NETWORK_KEY + "=" + quoted(network),
                "external_ids:" + ENDPOINT_KEY + "=" + quoted(name)));
        return out.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private List<String> vsctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--timeout=20"));
        if (ovsDb != null) {
            command.add("--db=" + ovsDb);
        }
        command.addAll(List.of(args));
        return command;
    }

    /** {@code nsenter} takes any namespace file, where {@code ip netns exec} only takes names. */
    private static List<String> inNetns(ContainerNetns netns, String... command) {
        List<String> wrapped = new ArrayList<>(List.of("nsenter", "--net=" + netns.path()));
        wrapped.addAll(List.of(command));
        return wrapped;
    }

    /** An OVSDB string atom, quoted so that names with ':', '=' or ',' stay one value. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
