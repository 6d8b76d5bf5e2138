package io.weft.apps.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands: run alone, it is a usage error that lists them. */
abstract class CommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public final void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
