package io.weft.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft endpoint create|ls|inspect|rm --network NET}. */
@Command(name = "endpoint", description = "Manage endpoints (container attachments to a network).",
        subcommands = {EndpointCommand.Create.class, EndpointCommand.ListEndpoints.class, EndpointCommand.Inspect.class,
                EndpointCommand.Remove.class})
public final class EndpointCommand extends CommandGroup {

    static String endpoints(String network) {
        return NetworkCommand.path(network) + "/endpoints";
    }

    static String path(String network, String endpoint) {
        return endpoints(network) + "/" + ApiClient.segment(endpoint);
    }

    static Table details(JsonNode endpoint) {
        return Table.keyValue()
                .row("ID:", JsonText.of(endpoint, "id"))
                .row("Name:", JsonText.of(endpoint, "name"))
                .row("Network:", JsonText.of(endpoint, "network"))
                .row("Host:", JsonText.of(endpoint, "host"))
                .row("IP:", JsonText.of(endpoint, "ip") + "/" + JsonText.of(endpoint, "prefixLength"))
                .row("MAC:", JsonText.of(endpoint, "mac"))
                .row("Gateway:", JsonText.of(endpoint, "gateway"))
                .row("MTU:", JsonText.of(endpoint, "mtu"))
                .row("Status:", status(endpoint))
                .row("OF port:", JsonText.of(endpoint, "ofport"))
                .rowIfPresent("Problem:", JsonText.of(endpoint, "problem"));
    }

    /** The status, flagged when the endpoint's host cannot carry its traffic (the reason is in {@code inspect}). */
    static String status(JsonNode endpoint) {
        String status = JsonText.of(endpoint, "status");
        return JsonText.of(endpoint, "problem") == null ? status : status + " (host not ready)";
    }

    /** {@code --network NET}, which every endpoint command needs. */
    static final class NetworkOption {
        @Option(names = "--network", required = true, paramLabel = "NET", description = "Network name.")
        String network;
    }

    @Command(name = "create", description = "Create an endpoint.")
    static final class Create extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "Endpoint name, unique in its network.")
        String name;

        @Mixin
        NetworkOption network;

        @Option(names = "--host", required = true, paramLabel = "HOST", description = "Host the endpoint runs on.")
        String host;

        @Option(names = "--ip", paramLabel = "IP", description = "IPv4 address (default: lowest free).")
        String ip;

        @Option(names = "--mac", paramLabel = "MAC", description = "MAC address (default: 02:42 + the IP).")
        String mac;

        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("host", host);
            if (ip != null) {
                body.put("ip", ip);
            }
            if (mac != null) {
                body.put("mac", mac);
            }
            JsonNode endpoint = api.postJson(endpoints(network.network), body);
            if (format.json) {
                out.json(endpoint);
            } else {
                out.table(details(endpoint));
            }
        }
    }

    @Command(name = "ls", aliases = "list", description = "List a network's endpoints.")
    static final class ListEndpoints extends ApiCommand {
        @Mixin
        NetworkOption network;

        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            JsonNode endpoints = api.getJson(endpoints(network.network));
            if (format.json) {
                out.json(endpoints);
                return;
            }
            Table table = new Table("NAME", "IP", "MAC", "HOST", "STATUS", "OFPORT", "ID");
            for (JsonNode endpoint : endpoints) {
                table.row(JsonText.of(endpoint, "name"), JsonText.of(endpoint, "ip"), JsonText.of(endpoint, "mac"),
                        JsonText.of(endpoint, "host"), status(endpoint),
                        JsonText.of(endpoint, "ofport"), JsonText.of(endpoint, "id"));
            }
            out.table(table);
        }
    }

    @Command(name = "inspect", description = "Show an endpoint.")
    static final class Inspect extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "Endpoint name or id.")
        String name;

        @Mixin
        NetworkOption network;

        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            JsonNode endpoint = api.getJson(path(network.network, name));
            if (format.json) {
                out.json(endpoint);
            } else {
                out.table(details(endpoint));
            }
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Delete an endpoint.")
    static final class Remove extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "Endpoint name or id.")
        String name;

        @Mixin
        NetworkOption network;

        @Override
        void run(ApiClient api, Output out) {
            api.delete(path(network.network, name));
            out.line(name);
        }
    }
}
