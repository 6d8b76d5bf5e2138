package io.weft.apps.cli;

import picocli.CommandLine.Option;

/** {@code --controller URL}: where the REST API is; defaults to {@code $WEFT_CONTROLLER}, then the local one. */
public final class ControllerOption {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Option(names = "--controller", paramLabel = "URL",
            defaultValue = "${env:WEFT_CONTROLLER:-" + DEFAULT_URL + "}",
            description = {"Controller REST API URL (or set WEFT_CONTROLLER).", "Default: ${DEFAULT-VALUE}"})
    public String url;
}
