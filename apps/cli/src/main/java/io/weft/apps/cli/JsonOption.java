package io.weft.apps.cli;

import picocli.CommandLine.Option;

/** {@code --json}: print the API's JSON instead of a table. */
final class JsonOption {
    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;
}
