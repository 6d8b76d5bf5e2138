package io.weft.apps.overlay.hosts;

import io.weft.apps.provisioning.HostObserver;
import io.weft.apps.provisioning.HostStatus;
import io.weft.controller.DatapathId;
import io.weft.controller.SwitchHandle;
import io.weft.controller.SwitchListener;
import io.weft.controller.SwitchListener.PortChange;
import io.weft.controller.SwitchPort;
import io.weft.controller.SwitchRegistry;
import io.weft.topology.Host;
import io.weft.topology.ConnectionState;
import io.weft.topology.Endpoint;
import io.weft.topology.Ipv4;
import io.weft.topology.Topology;
import io.weft.topology.TopologyEvent;
import io.weft.topology.TopologyException;
import io.weft.topology.TopologyListener;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds what OVSDB reports into the topology: hosts (tunnel IP, datapath id, readiness) and
 * interface bindings. A binding may arrive before its endpoint is created (the container was plugged
 * first); it is kept and applied when the endpoint appears.
 *
 * <p>An interface whose ofport OVS has not written back yet is bound as soon as its port appears over
 * OpenFlow (same name on the host's br-int): on a host with a thousand ports, ovs-vswitchd adds the
 * OpenFlow port ~100 ms before the ofport reaches the database.
 */
public final class HostSync implements HostObserver, TopologyListener, SwitchListener {
    private static final Logger LOG = LoggerFactory.getLogger(HostSync.class);

    private final Topology topology;
    /** Every binding OVS reports, by iface-id, kept until its endpoint exists to receive it. */
    private final Map<String, ReportedBinding> reported = new ConcurrentHashMap<>();
    /** Interfaces waiting for their ofport, by host then interface name: their iface-ids. */
    private final Map<String, Map<String, String>> awaitingPort = new ConcurrentHashMap<>();
    private final SwitchRegistry switches;
    private final boolean admittedOnly;
    private final PortReadiness readiness;

    private record ReportedBinding(String host, int ofport) {
    }

    /**
     * @param admittedOnly hosts exist because they were admitted (TLS mode): what a session reports updates its
     *                     host but never creates one (a report racing the host's removal must not bring it back)
     * @param readiness    times each bound port until its mark is confirmed
     */
    public HostSync(Topology topology, SwitchRegistry switches, boolean admittedOnly, PortReadiness readiness) {
        this.topology = topology;
        this.switches = switches;
        this.admittedOnly = admittedOnly;
        this.readiness = readiness;
    }

    @Override
    public void interfaceAwaitingPort(String hostName, String ifaceId, String interfaceName) {
        awaitingPort.computeIfAbsent(hostName, h -> new ConcurrentHashMap<>()).put(interfaceName, ifaceId);
        // The OpenFlow port may already be there.
        topology.host(hostName).flatMap(Host::datapathId).map(DatapathId::parse).flatMap(switches::get)
                .flatMap(sw -> sw.ports().stream().filter(p -> p.name().equals(interfaceName)).findFirst())
                .ifPresent(port -> bindFromOpenFlow(hostName, interfaceName, port.number()));
    }

    @Override
    public void switchConnected(SwitchHandle sw) {
    }

    @Override
    public void switchDisconnected(SwitchHandle sw) {
    }

    @Override
    public void portChanged(SwitchHandle sw, SwitchPort port, PortChange change) {
        if (change == PortChange.DELETED || awaitingPort.isEmpty()) {
            return; // an interface going away is reported by OVSDB
        }
        String dpid = sw.datapathId().toString();
        for (Host h : topology.hosts()) {
            if (h.datapathId().map(dpid::equals).orElse(false)) {
                bindFromOpenFlow(h.name(), port.name(), port.number());
            }
        }
    }

    private void bindFromOpenFlow(String hostName, String interfaceName, long ofport) {
        Map<String, String> waiting = awaitingPort.get(hostName);
        String ifaceId = waiting == null ? null : waiting.remove(interfaceName);
        if (ifaceId != null && ofport > 0) {
            LOG.info("host={} iface-id={} bound to OpenFlow port {} ({}), before OVSDB has its ofport", hostName,
                    ifaceId, ofport, interfaceName);
            interfaceBound(hostName, ifaceId, ofport, interfaceName);
        }
    }

    @Override
    public void hostChanged(HostStatus status) {
        if (admittedOnly && topology.host(status.name()).isEmpty()) {
            LOG.info("host={} is not admitted (removed?): its report is ignored", status.name());
            return;
        }
        OptionalInt tunnel = status.tunnelIp() == null ? OptionalInt.empty() : OptionalInt.of(Ipv4.parse(status.tunnelIp()));
        topology.updateHost(status.name(), h -> h.withOvsdb(ConnectionState.CONNECTED).withTunnelIp(tunnel)
                .withDatapathId(Optional.ofNullable(status.datapathId()))
                .withNotReadyReason(Optional.ofNullable(status.notReadyReason()))
                .withDatapathType(Optional.ofNullable(status.datapathType()).filter(type -> !type.isEmpty())));
    }

    @Override
    public void hostDisconnected(String hostName) {
        if (topology.host(hostName).isPresent()) {
            topology.updateHost(hostName, h -> h.withOvsdb(ConnectionState.DISCONNECTED));
        }
    }

    @Override
    public void interfaceBound(String hostName, String ifaceId, long ofport, String interfaceName) {
        if (ofport > io.weft.topology.OvsBinding.MAX_OFPORT) {
            LOG.warn("host={} iface-id={} has ofport {} outside the usable range", hostName, ifaceId, ofport);
            return;
        }
        readiness.seen(ifaceId);
        reported.put(ifaceId, new ReportedBinding(hostName, (int) ofport));
        apply(ifaceId);
    }

    @Override
    public void interfaceUnbound(String hostName, String ifaceId) {
        readiness.forget(ifaceId);
        reported.remove(ifaceId);
        Map<String, String> waiting = awaitingPort.get(hostName);
        if (waiting != null) {
            waiting.values().remove(ifaceId);
        }
        topology.endpointById(ifaceId).ifPresent(e -> {
            if (e.binding().isPresent() && e.binding().get().host().equals(hostName)) {
                topology.unbindEndpoint(ifaceId);
            }
        });
    }

    @Override
    public void bindingsResynced(String hostName, java.util.Set<String> boundIfaceIds) {
        reported.entrySet().removeIf(e -> e.getValue().host().equals(hostName) && !boundIfaceIds.contains(e.getKey()));
        for (Endpoint e : topology.snapshot().endpoints().values()) {
            boolean boundHere = e.binding().map(b -> b.host().equals(hostName)).orElse(false);
            if (boundHere && !boundIfaceIds.contains(e.id())) {
                LOG.info("host={} iface-id={} went away while the host was disconnected", hostName, e.id());
                topology.unbindEndpoint(e.id());
            }
        }
    }

    @Override
    public void onChange(TopologyEvent event) {
        if (event instanceof TopologyEvent.EndpointAdded added) {
            apply(added.endpoint().id());
        }
    }

    private void apply(String ifaceId) {
        ReportedBinding b = reported.get(ifaceId);
        Optional<Endpoint> endpoint = topology.endpointById(ifaceId);
        if (b == null || endpoint.isEmpty()) {
            return;
        }
        try {
            topology.bindEndpoint(ifaceId, b.host(), b.ofport());
        } catch (TopologyException e) {
            LOG.warn("host={} iface-id={} cannot be bound: {}", b.host(), ifaceId, e.getMessage());
        }
    }
}
