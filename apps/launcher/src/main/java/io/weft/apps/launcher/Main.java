package io.weft.apps.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/weft}: every command the project ships. */
@Command(name = "weft", mixinStandardHelpOptions = true, version = "weft 0.1.0",
        description = "Weft: one flat, isolated L2 overlay for containers on many Open vSwitch hosts.",
        subcommands = {ControllerCommand.class, StoreCommand.class, io.weft.apps.docker.DockerPluginCommand.class,
                DemoCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Benchmarks: bin/weft bench --help (they ship in benchmarks/target/benchmarks.jar, not in this jar)."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole command tree: controller, store, plugin, demo, and the CLI commands that talk to the REST API. */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        for (Class<?> c : io.weft.apps.cli.CliCommands.topLevel()) {
            cmd.addSubcommand(c);
        }
        return cmd;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
