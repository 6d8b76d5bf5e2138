package io.weft.apps.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code weft-cli.jar}'s entry point: the CLI commands alone ({@link CliCommands}), under the same root name as
 * the launcher's {@code weft}, for bin/weft to start without the server side's 39,000 classes on its class path.
 * Only the command named is built (picocli builds its model by reflection, a good part of a call's start); the
 * launcher's help lists every command.
 */
@Command(name = "weft", mixinStandardHelpOptions = true, version = "weft 0.1.0")
public final class CliMain implements Runnable {
    private CliMain() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The root command with only the CLI command {@code args} names (all of them if it names none). */
    static CommandLine commandLine(String[] args) {
        CommandLine cmd = new CommandLine(new CliMain());
        List<Class<?>> named = args.length == 0 ? List.of() : CliCommands.topLevel().stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(args[0])).toList();
        (named.isEmpty() ? CliCommands.topLevel() : named).forEach(cmd::addSubcommand);
        return cmd;
    }

    /** The names bin/weft sends here. */
    static List<String> names() {
        return CliCommands.topLevel().stream().map(c -> c.getAnnotation(Command.class).name()).toList();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
