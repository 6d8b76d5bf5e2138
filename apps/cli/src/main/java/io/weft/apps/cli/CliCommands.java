package io.weft.apps.cli;

import java.util.List;

/**
 * The CLI's top-level commands, for the launcher to add under {@code weft}:
 * {@code CliCommands.topLevel().forEach(commandLine::addSubcommand)}.
 */
public final class CliCommands {
    private CliCommands() {
    }

    public static List<Class<?>> topLevel() {
        return List.of(NetworkCommand.class, RouterCommand.class, EndpointCommand.class, HostCommand.class, FlowsCommand.class, TraceCommand.class,
                AttachCommand.class, DetachCommand.class, TokenCommand.class, ClusterCommand.class);
    }
}
