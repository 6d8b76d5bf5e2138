package io.weft.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft attach}: run on a host, gives a container an interface on a Weft network. Creates (or reuses) the
 * endpoint, plugs a veth pair between the container and br-int, and returns once the controller has installed the
 * endpoint's flows. Repeating it changes nothing; a failure undoes whatever this run created.
 */
@Command(name = "attach", description = {"Attach a container's network namespace to a network (run as root on the "
        + "container's host).", "Creates the endpoint, a veth pair (eth0 in the container) and its br-int port, "
        + "then waits until the endpoint is installed."})
public final class AttachCommand extends ApiCommand {
    private static final Duration POLL = Duration.ofMillis(200);

    @Mixin
    EndpointCommand.NetworkOption network;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Endpoint name, unique in its network.")
    String name;

    @Option(names = "--netns", required = true, paramLabel = "NETNS",
            description = "Container network namespace: a path (/run/netns/NAME, /proc/PID/ns/net), a PID, or a name "
                    + "under /run/netns.")
    String netns;

    @Option(names = "--ip", paramLabel = "IP", description = "IPv4 address (default: lowest free).")
    String ip;

    @Option(names = "--mac", paramLabel = "MAC", description = "MAC address (default: 02:42 + the IP).")
    String mac;

    @Option(names = "--host", paramLabel = "HOST",
            description = "This host's name in Weft (default: the local OVS's external_ids:system-id).")
    String host;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the endpoint to be installed (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Mixin
    OvsDbOption ovsDb;

    @Mixin
    JsonOption format;

    @Override
    void run(ApiClient api, Output out) {
        ContainerNetns target = ContainerNetns.parse(netns);
        HostPlumbing plumbing = new HostPlumbing(new LocalCommands(), ovsDb.target);
        String hostName = host != null ? host : plumbing.systemId();
        String path = EndpointCommand.path(network.network, name);
        Undo undo = new Undo();
        try {
            AttachedEndpoint endpoint = endpoint(api, path, hostName, undo);
            String hostSide = endpoint.hostSideName();
            if (!plumbing.pairedWithContainer(hostSide, target)) {
                // A leftover of an earlier attach whose container is gone: replace it.
                plumbing.deleteLinkIfPresent(hostSide);
                plumbing.createVeth(hostSide, target);
                undo.push("delete veth " + hostSide, () -> plumbing.deleteLinkIfPresent(hostSide));
            }
            plumbing.configureContainer(target, endpoint);
            plumbing.bringUp(hostSide);
            if (!plumbing.portExists(hostSide)) {
                undo.push("delete OVS port " + hostSide, () -> plumbing.unplug(hostSide));
            }
            plumbing.plug(hostSide, endpoint, network.network);
            JsonNode installed = awaitInstalled(api, path);
            if (format.json) {
                out.json(installed);
            } else {
                out.table(EndpointCommand.details(installed).row("Interface:", HostPlumbing.CONTAINER_IFACE + " in "
                        + target.path() + ", host side " + hostSide));
            }
        } catch (CliFailure e) {
            undo.run(spec.commandLine().getErr());
            throw e;
        }
    }

    /** The existing endpoint if it matches what was asked for, else a new one (to be deleted if attach fails). */
    private AttachedEndpoint endpoint(ApiClient api, String path, String hostName, Undo undo) {
        Optional<JsonNode> existing = api.find(path);
        if (existing.isPresent()) {
            AttachedEndpoint endpoint = AttachedEndpoint.of(existing.get());
            requireSame("ip", ip == null ? null : ipv4(ip), ipv4(endpoint.ip()));
            requireSame("mac", mac == null ? null : mac(mac), mac(endpoint.mac()));
            requireSame("host", hostName, endpoint.host());
            return endpoint;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("host", hostName);
        if (ip != null) {
            body.put("ip", ip);
        }
        if (mac != null) {
            body.put("mac", mac);
        }
        AttachedEndpoint created = AttachedEndpoint.of(api.postJson(EndpointCommand.endpoints(network.network), body));
        undo.push("delete endpoint " + name, () -> api.deleteIfPresent(path));
        return created;
    }

    private void requireSame(String field, String wanted, String actual) {
        if (wanted != null && !wanted.equals(actual)) {
            throw new CliFailure("endpoint '" + name + "' already exists in network '" + network.network + "' with "
                    + field + " " + actual + ", not " + wanted + "; detach it first or pick another name");
        }
    }

    /** Polls the endpoint until its flows are installed on every host of the network. */
    private JsonNode awaitInstalled(ApiClient api, String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (true) {
            JsonNode endpoint = api.find(path).orElseThrow(() -> new CliFailure("endpoint '" + name
                    + "' was deleted while attaching"));
            if ("installed".equals(JsonText.of(endpoint, "status"))) {
                return endpoint;
            }
            if (System.nanoTime() > deadline) {
                String why = JsonText.of(endpoint, "ofport") == null
                        ? "the controller has not seen its port on br-int: is this host connected (ovs-vsctl show)?"
                        : "the controller has not confirmed its flows on every host of the network";
                throw new CliFailure("endpoint '" + name + "' not installed after " + timeoutSeconds + " s (status "
                        + JsonText.of(endpoint, "status") + "): " + why);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("interrupted while waiting for endpoint '" + name + "'");
            }
        }
    }

    /** Dotted-quad text with leading zeros dropped, so that 10.0.0.07 and 10.0.0.7 compare equal. */
    private static String ipv4(String text) {
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length != 4) {
            return text.strip();
        }
        try {
            StringBuilder canonical = new StringBuilder();
            for (String part : parts) {
                canonical.append(canonical.length() == 0 ? "" : ".").append(Integer.parseInt(part));
            }
            return canonical.toString();
        } catch (NumberFormatException e) {
            return text.strip();
        }
    }

    private static String mac(String text) {
        return text.strip().toLowerCase(Locale.ROOT).replace('-', ':');
    }
}
