package io.weft.bench;

import picocli.CommandLine;

/**
 * {@code bin/weft bench ...}: the benchmarks' own entry point, in the benchmarks jar (the jar users run as the
 * controller carries no benchmark, test kit or OVN harness). The jar's manifest main class stays JMH's.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).setCommandName("weft bench").execute(args));
    }
}
