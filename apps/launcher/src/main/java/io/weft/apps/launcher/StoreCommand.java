package io.weft.apps.launcher;

import io.weft.topology.store.StateStoreException;
import io.weft.topology.store.StoreTools;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft store verify|backup|restore}: the controller's state on this machine's disk (docs/durability.md).
 * Verify and backup read only and may run while the controller does; restore needs it stopped.
 */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Check, back up and restore the controller's"
        + " state (run on the controller's machine).",
        subcommands = {StoreCommand.Verify.class, StoreCommand.Backup.class, StoreCommand.Restore.class})
final class StoreCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Runs one store action: its report on stdout, a refusal as one line on stderr with exit code 1. */
    abstract static class Action implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "./weft-data", description = "The controller's data directory"
                + " (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        abstract StoreTools.Verified act();

        abstract String done(StoreTools.Verified verified);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                StoreTools.Verified v = act();
                out.println(done(v));
                out.printf("  %s: %d bytes, generation %d, %d networks, %d endpoints, %d hosts%s%n", v.file(),
                        v.journalBytes(), v.generation(), v.rows().get("networks"), v.rows().get("endpoints"),
                        v.rows().get("hosts"), v.tornBytes() > 0 ? ", and " + v.tornBytes()
                                + " bytes of a last write not acknowledged (in progress, or torn by a crash)" : "");
                out.flush();
                return 0;
            } catch (StateStoreException e) {
                spec.commandLine().getErr().println("weft: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check every write in the store's"
            + " journal (checksums, structure); exit 1 naming the damage if there is any.")
    static final class Verify extends Action {
        @Override
        StoreTools.Verified act() {
            return StoreTools.verify(dataDir);
        }

        @Override
        String done(StoreTools.Verified v) {
            return "store is sound";
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true, description = "Write a consistent copy of the store"
            + " to FILE, also while the controller runs.")
    static final class Backup extends Action {
        @Parameters(paramLabel = "FILE", description = "Where the backup goes.")
        Path target;

        @Override
        StoreTools.Verified act() {
            return StoreTools.backup(dataDir, target);
        }

        @Override
        String done(StoreTools.Verified v) {
            return "backed up to " + target;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Make FILE (from weft store backup) the"
            + " store; the controller must be stopped. The journal it replaces is kept beside it.")
    static final class Restore extends Action {
        @Parameters(paramLabel = "FILE", description = "A backup written by weft store backup.")
        Path backup;

        @Override
        StoreTools.Verified act() {
            return StoreTools.restore(backup, dataDir, Clock.systemUTC());
        }

        @Override
        String done(StoreTools.Verified v) {
            return "restored " + backup + " into " + dataDir;
        }
    }
}
