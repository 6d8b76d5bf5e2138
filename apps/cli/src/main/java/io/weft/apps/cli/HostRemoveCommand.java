package io.weft.apps.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code weft host rm NAME}: the host's certificate admits no one any more and its sessions are closed. */
@Command(name = "rm", aliases = "remove", description = "Remove a host: revoke its admission and close its sessions.")
final class HostRemoveCommand extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "Host name (its OVS system-id).")
    String name;

    @Override
    void run(ApiClient api, Output out) {
        api.delete(HostCommand.path(name));
        out.line(name);
    }
}
