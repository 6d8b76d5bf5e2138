package io.weft.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft token create|ls|rm}: the REST API's bearer tokens (a controller started with --tls; admin only). */
@Command(name = "token", description = "Create, list and revoke REST API tokens (controller with --tls; needs an admin"
        + " token).", subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class,
            TokenCommand.Revoke.class})
public final class TokenCommand extends CommandGroup {
    private static final String TOKENS = "/api/v1/tokens";

    @Command(name = "create", description = "Create a token and print it (shown this once).")
    static final class Create extends ApiCommand {
        @Option(names = "--scope", required = true, paramLabel = "SCOPE",
                description = "admin, read, or host:NAME (reads, and endpoints on host NAME only: for that host's"
                        + " Docker plugin).")
        String scope;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for.")
        String description;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the token to FILE (mode 0600) instead of"
                + " printing it.")
        Path out;

        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output output) {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("scope", scope);
            if (description != null) {
                body.put("description", description);
            }
            JsonNode created = api.postJson(TOKENS, body);
            if (out != null) {
                write(out, created.path("token").asText());
                output.line(JsonText.of(created, "id"));
            } else if (format.json) {
                output.json(created);
            } else {
                output.line(JsonText.of(created, "token"));
            }
        }

        private static void write(Path file, String token) {
            try {
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, token + "\n", StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new CliFailure("cannot write the token to " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "ls", aliases = "list", description = "List tokens (ids and scopes, never the tokens).")
    static final class ListTokens extends ApiCommand {
        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            JsonNode tokens = api.getJson(TOKENS);
            if (format.json) {
                out.json(tokens);
                return;
            }
            Table table = new Table("ID", "SCOPE", "CREATED", "DESCRIPTION");
            for (JsonNode t : tokens) {
                table.row(JsonText.of(t, "id"), JsonText.of(t, "scope"), JsonText.of(t, "created"),
                        JsonText.of(t, "description"));
            }
            out.table(table);
        }
    }

    @Command(name = "rm", aliases = "revoke", description = "Revoke a token by id: calls with it fail from now on.")
    static final class Revoke extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "The token's id (weft token ls).")
        String id;

        @Override
        void run(ApiClient api, Output out) {
            api.delete(TOKENS + "/" + ApiClient.segment(id));
            out.line(id);
        }
    }
}
