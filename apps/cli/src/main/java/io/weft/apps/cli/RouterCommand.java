package io.weft.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code weft router create|ls|inspect|attach|detach|rm}. */
@Command(name = "router", description = "Route between networks (distributed: each host routes what it sends).",
        subcommands = {RouterCommand.Create.class, RouterCommand.ListRouters.class, RouterCommand.Inspect.class,
                RouterCommand.Attach.class, RouterCommand.Detach.class, RouterCommand.Remove.class})
public final class RouterCommand extends CommandGroup {
    private static final String ROUTERS = "/api/v1/routers";

    static String path(String name) {
        return ROUTERS + "/" + ApiClient.segment(name);
    }

    static String networks(JsonNode router) {
        List<String> names = new ArrayList<>();
        router.path("networks").forEach(n -> names.add(n.asText()));
        return names.isEmpty() ? "-" : String.join(",", names);
    }

    static Table details(JsonNode router) {
        return Table.keyValue()
                .row("Name:", JsonText.of(router, "name"))
                .row("Id:", JsonText.of(router, "id"))
                .row("Networks:", networks(router));
    }

    private static void print(Output out, JsonOption format, JsonNode router) {
        if (format.json) {
            out.json(router);
        } else {
            out.table(details(router));
        }
    }

    @Command(name = "create", description = "Create a router.")
    static final class Create extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "Router name.")
        String name;

        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            print(out, format, api.postJson(ROUTERS, JsonNodeFactory.instance.objectNode().put("name", name)));
        }
    }

    @Command(name = "ls", aliases = "list", description = "List routers.")
    static final class ListRouters extends ApiCommand {
        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            JsonNode routers = api.getJson(ROUTERS);
            if (format.json) {
                out.json(routers);
                return;
            }
            Table table = new Table("NAME", "ID", "NETWORKS");
            for (JsonNode router : routers) {
                table.row(JsonText.of(router, "name"), JsonText.of(router, "id"), networks(router));
            }
            out.table(table);
        }
    }

    @Command(name = "inspect", description = "Show a router.")
    static final class Inspect extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "Router name.")
        String name;

        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            print(out, format, api.getJson(path(name)));
        }
    }

    @Command(name = "attach", description = "Attach a network: its endpoints reach the router's other networks "
            + "through their gateways.")
    static final class Attach extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ROUTER", description = "Router name.")
        String router;

        @Parameters(index = "1", paramLabel = "NETWORK", description = "Network name.")
        String network;

        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            print(out, format, api.putJson(path(router) + "/networks/" + ApiClient.segment(network)));
        }
    }

    @Command(name = "detach", description = "Detach a network: it is isolated from the router's other networks again.")
    static final class Detach extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ROUTER", description = "Router name.")
        String router;

        @Parameters(index = "1", paramLabel = "NETWORK", description = "Network name.")
        String network;

        @Override
        void run(ApiClient api, Output out) {
            api.deleteForBody(path(router) + "/networks/" + ApiClient.segment(network));
            out.line(network);
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Delete a router with no network attached.")
    static final class Remove extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "Router name.")
        String name;

        @Override
        void run(ApiClient api, Output out) {
            api.delete(path(name));
            out.line(name);
        }
    }
}
