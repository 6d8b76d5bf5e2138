package io.weft.apps.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code weft flows HOST}: the flows the controller installed on a host, in ovs-ofctl syntax. */
@Command(name = "flows", description = "Print a host's installed flows (ovs-ofctl syntax).")
public final class FlowsCommand extends ApiCommand {
    @Parameters(paramLabel = "HOST", description = "Host name.")
    String host;

    @Override
    void run(ApiClient api, Output out) {
        out.text(api.getText(HostCommand.path(host) + "/flows"));
    }
}
