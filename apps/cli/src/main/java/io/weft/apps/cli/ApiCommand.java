package io.weft.apps.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the controller. Output goes to picocli's writers (so tests and the launcher can
 * redirect them); a {@link CliFailure} is printed as {@code weft: <message>} on stderr with exit code 1.
 */
abstract class ApiCommand implements Callable<Integer> {
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    ControllerOption controller;

    /** Does the work, printing the result to {@code out}. */
    abstract void run(ApiClient api, Output out);

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            ObjectMapper json = new ObjectMapper();
            run(controller.client(json), new Output(spec.commandLine().getOut(), json));
            return 0;
        } catch (CliFailure e) {
            err.println("weft: " + e.getMessage());
            return FAILED;
        } finally {
            spec.commandLine().getOut().flush();
            err.flush();
        }
    }
}
