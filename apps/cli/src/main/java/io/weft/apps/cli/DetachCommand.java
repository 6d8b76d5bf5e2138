package io.weft.apps.cli;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft detach}: undoes {@code weft attach} on this host: the br-int port, the veth pair, then the endpoint.
 * Whatever is already gone is skipped, so detaching twice, or after a half-done attach, succeeds.
 */
@Command(name = "detach", description = {"Detach a container from a network (run as root on the container's host).",
        "Deletes the br-int port, the veth pair and the endpoint; what is already gone is skipped."})
public final class DetachCommand extends ApiCommand {
    @Mixin
    EndpointCommand.NetworkOption network;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Endpoint name.")
    String name;

    @Option(names = "--netns", paramLabel = "NETNS",
            description = "Container network namespace (as for attach); if given, an eth0 there that still carries "
                    + "the endpoint's MAC is deleted too.")
    String netns;

    @Mixin
    OvsDbOption ovsDb;

    @Override
    void run(ApiClient api, Output out) {
        HostPlumbing plumbing = new HostPlumbing(new LocalCommands(), ovsDb.target);
        String path = EndpointCommand.path(network.network, name);
        Optional<AttachedEndpoint> endpoint = api.find(path).map(AttachedEndpoint::of);
        // The port by the name derived from the endpoint id, and by the keys attach set on it: the latter still
        // finds it when the endpoint was already deleted through the API.
        Set<String> hostSides = new LinkedHashSet<>();
        endpoint.ifPresent(e -> hostSides.add(e.hostSideName()));
        hostSides.addAll(plumbing.portsOf(network.network, name));
        for (String hostSide : hostSides) {
            plumbing.unplug(hostSide);
            plumbing.deleteLinkIfPresent(hostSide);
        }
        if (netns != null && endpoint.isPresent()) {
            ContainerNetns.ifExists(netns)
                    .ifPresent(target -> plumbing.deleteContainerLinkIfOurs(target, endpoint.get().mac()));
        }
        api.deleteIfPresent(path);
        out.line(name);
    }
}
