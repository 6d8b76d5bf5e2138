package io.weft.apps.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --controller URL} (default {@code $WEFT_CONTROLLER}, then the local one), and what to show it: a bearer token
 * ({@code --token-file}, {@code $WEFT_TOKEN_FILE} or {@code $WEFT_TOKEN}) and the CA its HTTPS certificate must be
 * signed by ({@code --ca} or {@code $WEFT_CA}). A controller started with --tls needs both.
 */
public final class ControllerOption {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Option(names = "--controller", paramLabel = "URL",
            defaultValue = "${env:WEFT_CONTROLLER:-" + DEFAULT_URL + "}",
            description = {"Controller REST API URL (or set WEFT_CONTROLLER).", "Default: ${DEFAULT-VALUE}"})
    public String url;

    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:WEFT_TOKEN_FILE}",
            description = "File holding the API token (or set WEFT_TOKEN_FILE, or the token itself in WEFT_TOKEN).")
    public Path tokenFile;

    @Option(names = "--ca", paramLabel = "FILE", defaultValue = "${env:WEFT_CA}",
            description = "CA certificate an https:// controller must present a certificate of (or set WEFT_CA):"
                    + " DATA_DIR/pki/ca-cert.pem on the controller, the ca-cert.pem weft host add wrote on a host.")
    public Path caFile;

    /** The credentials these options name; fails with the reason if a file cannot be read. */
    public ApiCredentials credentials() {
        return ApiCredentials.of(tokenFile, System.getenv("WEFT_TOKEN"), caFile);
    }

    /** A client of the controller these options name. */
    public ApiClient client(ObjectMapper json) {
        return new ApiClient(url, json, credentials());
    }
}
