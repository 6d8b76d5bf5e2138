package io.weft.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft network create|ls|inspect|rm}. */
@Command(name = "network", description = "Manage networks.",
        subcommands = {NetworkCommand.Create.class, NetworkCommand.ListNetworks.class, NetworkCommand.Inspect.class,
                NetworkCommand.Remove.class})
public final class NetworkCommand extends CommandGroup {
    private static final String NETWORKS = "/api/v1/networks";

    static String path(String name) {
        return NETWORKS + "/" + ApiClient.segment(name);
    }

    static Table details(JsonNode network) {
        return Table.keyValue()
                .row("Name:", JsonText.of(network, "name"))
                .row("Subnet:", JsonText.of(network, "subnet"))
                .row("Gateway:", JsonText.of(network, "gateway"))
                .row("VNI:", JsonText.of(network, "vni"))
                .row("MTU:", JsonText.of(network, "mtu"))
                .rowIfPresent("Router:", JsonText.of(network, "router"))
                .rowIfPresent("Deletion:", deletion(network));
    }

    /** {@code -}, or that it goes with its last endpoint and who asked. */
    static String deletion(JsonNode network) {
        String requestedBy = JsonText.of(network, "deletion");
        return requestedBy == null ? null : "with its last endpoint (" + requestedBy + ")";
    }

    @Command(name = "create", description = "Create a network.")
    static final class Create extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "Network name.")
        String name;

        @Option(names = "--subnet", required = true, paramLabel = "CIDR", description = "IPv4 subnet, e.g. 10.10.10.0/24.")
        String subnet;

        @Option(names = "--gateway", paramLabel = "IP", description = "Gateway address (default: first address).")
        String gateway;

        @Option(names = "--vni", paramLabel = "N", description = "VXLAN network id (default: lowest free from 256).")
        Integer vni;

        @Option(names = "--mtu", paramLabel = "N", description = "MTU of the endpoints (default: 1450).")
        Integer mtu;

        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("subnet", subnet);
            if (gateway != null) {
                body.put("gateway", gateway);
            }
            if (vni != null) {
                body.put("vni", vni);
            }
            if (mtu != null) {
                body.put("mtu", mtu);
            }
            JsonNode network = api.postJson(NETWORKS, body);
            if (format.json) {
                out.json(network);
            } else {
                out.table(details(network));
            }
        }
    }

    @Command(name = "ls", aliases = "list", description = "List networks.")
    static final class ListNetworks extends ApiCommand {
        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            JsonNode networks = api.getJson(NETWORKS);
            if (format.json) {
                out.json(networks);
                return;
            }
            Table table = new Table("NAME", "SUBNET", "GATEWAY", "VNI", "MTU", "DELETION");
            for (JsonNode network : networks) {
                table.row(JsonText.of(network, "name"), JsonText.of(network, "subnet"),
                        JsonText.of(network, "gateway"), JsonText.of(network, "vni"), JsonText.of(network, "mtu"),
                        deletion(network));
            }
            out.table(table);
        }
    }

    @Command(name = "inspect", description = "Show a network.")
    static final class Inspect extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "Network name.")
        String name;

        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            JsonNode network = api.getJson(path(name));
            if (format.json) {
                out.json(network);
            } else {
                out.table(details(network));
            }
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Delete an empty network.")
    static final class Remove extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "Network name.")
        String name;

        @Option(names = "--when-empty", description = "If it still has endpoints, take no new ones and delete it "
                + "with the last of them (instead of refusing).")
        boolean whenEmpty;

        @Override
        void run(ApiClient api, Output out) {
            if (!whenEmpty) {
                api.delete(path(name));
                out.line(name);
                return;
            }
            String marked = api.deleteForBody(path(name) + "?when=empty&requestedBy="
                    + ApiClient.segment("weft network rm --when-empty"));
            out.line(marked.isBlank() ? name : name + ": deleted when its last endpoint is");
        }
    }
}
