package io.weft.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code weft bench ...}: benchmarks that build their own testbed and print ratios. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark on a testbed it builds itself (needs root and Open vSwitch).",
        subcommands = {OpenFlowPushBenchmark.class, HostJoinBenchmark.class, InstallLatencyBenchmark.class, RestBenchmark.class,
                AuditBenchmark.class, MemoryBenchmark.class, io.weft.bench.compare.ClusterBenchmark.class, ObservabilityBenchmark.class,
                io.weft.bench.compare.CompareBenchmark.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
