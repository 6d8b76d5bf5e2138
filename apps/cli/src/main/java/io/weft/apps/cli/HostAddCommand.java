package io.weft.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weft host add NAME}: admits a host (the controller runs with {@code --tls}), writes its key, certificate, the
 * controller's CA certificate and an API token for that host only ({@code host:NAME}, what its Docker plugin needs),
 * and prints the commands that join it.
 */
@Command(name = "add", description = "Admit a host: issue its certificate and print how it joins (controller with --tls).")
final class HostAddCommand extends ApiCommand {
    static final String CA_FILE = "weft-cacert.pem";
    static final String TOKEN_FILE = "weft-token";

    @Parameters(paramLabel = "NAME", description = "The host's name, which becomes its OVS system-id.")
    String name;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where to write NAME-privkey.pem, NAME-cert.pem, " + CA_FILE + " and " + TOKEN_FILE
                    + " (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--ovsdb-port", defaultValue = "6640", description = "The controller's OVSDB port (default: ${DEFAULT-VALUE}).")
    int ovsdbPort;

    @Mixin
    JsonOption format;

    @Override
    void run(ApiClient api, Output output) {
        JsonNode admitted = api.postJson("/api/v1/hosts", JsonNodeFactory.instance.objectNode().put("name", name));
        Path key = out.resolve(name + "-privkey.pem");
        Path cert = out.resolve(name + "-cert.pem");
        Path ca = out.resolve(CA_FILE);
        Path token = out.resolve(TOKEN_FILE);
        JsonNode hostToken = api.postJson("/api/v1/tokens", JsonNodeFactory.instance.objectNode()
                .put("scope", "host:" + name).put("description", name + "'s container runtime (weft host add)"));
        try {
            Files.createDirectories(out);
            writeSecret(key, admitted.path("privateKey").asText());
            Files.writeString(cert, admitted.path("certificate").asText(), StandardCharsets.US_ASCII);
            Files.writeString(ca, admitted.path("caCertificate").asText(), StandardCharsets.US_ASCII);
            writeSecret(token, hostToken.path("token").asText() + "\n");
        } catch (IOException e) {
            throw new CliFailure("host " + name + " is admitted, but its files could not be written to " + out + ": "
                    + e.getMessage() + "; admit it again to get new ones");
        }
        if (format.json) {
            output.json(admitted.path("host"));
            return;
        }
        String etc = "/etc/openvswitch/";
        output.line("Admitted host " + name + ". Wrote " + key + " and " + token + " (keep them private), " + cert
                + " and " + ca + ".");
        output.line("Copy them to " + etc + " on " + name + ", then run there:");
        output.line("  ovs-vsctl set-ssl " + etc + key.getFileName() + " " + etc + cert.getFileName() + " " + etc
                + CA_FILE);
        output.line("  ovs-vsctl set Open_vSwitch . external_ids:system-id=" + name
                + " external_ids:weft-tunnel-ip=TUNNEL_IP");
        output.line("  ovs-vsctl set-manager ssl:" + controllerHost() + ":" + ovsdbPort);
        output.line("Its Docker plugin (or weft attach) uses " + etc + TOKEN_FILE + ", which may only act on " + name
                + ":");
        output.line("  weft docker-plugin --controller " + controller.url + " --ca " + etc + CA_FILE
                + " --token-file " + etc + TOKEN_FILE);
    }

    private String controllerHost() {
        String host = URI.create(controller.url).getHost();
        return host == null ? "CONTROLLER" : host;
    }

    /** Created 0600 before a byte is written: the key is never readable by others, not even briefly. */
    private static void writeSecret(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
