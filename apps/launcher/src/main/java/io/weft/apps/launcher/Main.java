package io.weft.apps.launcher;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/weft}: every command the project ships. */
@Command(name = "weft", mixinStandardHelpOptions = true, version = "weft 0.1.0",
        description = "Weft: one flat, isolated L2 overlay for containers on many Open vSwitch hosts.",
        footer = {"", "Benchmarks: bin/weft bench --help (they ship in benchmarks/target/benchmarks.jar, not in this jar)."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The commands, in the order help lists them: controller, store, plugin, demo, then the REST API's CLI. */
    static List<Class<?>> commands() {
        List<Class<?>> all = new ArrayList<>(List.of(ControllerCommand.class, StoreCommand.class,
                io.weft.apps.docker.DockerPluginCommand.class, DemoCommand.class));
        all.addAll(io.weft.apps.cli.CliCommands.topLevel());
        return all;
    }

    /**
     * The command tree for these arguments. Building picocli's model of every command and its options costs a third
     * of a second of a CLI call's start; a call that names its command gets only that one (help gets them all).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cmd = new CommandLine(new Main());
        List<Class<?>> named = args.length == 0 ? List.of() : commands().stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(args[0])).toList();
        for (Class<?> c : named.isEmpty() ? commands() : named) {
            cmd.addSubcommand(c);
        }
        cmd.addSubcommand(CommandLine.HelpCommand.class);
        return cmd;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
