package io.weft.apps.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} for every command; the commands carry no version of their own, so no {@code --version}. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
