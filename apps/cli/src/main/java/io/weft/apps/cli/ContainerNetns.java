package io.weft.apps.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container's network namespace as {@code --netns} gave it: a path ({@code /run/netns/NAME},
 * {@code /proc/PID/ns/net}, or any bind-mounted namespace file), a PID, or a bare name under {@code /run/netns}.
 *
 * @param path  the namespace file, for {@code nsenter --net=PATH}
 * @param ipArg what {@code ip link ... netns} takes: a name or PID where there is one (every iproute2 reads those),
 *              otherwise the path (iproute2 opens arguments containing a slash as files)
 */
record ContainerNetns(Path path, String ipArg) {
    private static final Pattern PID = Pattern.compile("[0-9]+");
    private static final Pattern PROC_PATH = Pattern.compile("/proc/([0-9]+)/ns/net");
    private static final Pattern NAMED_PATH = Pattern.compile("(?:/var)?/run/netns/([^/]+)");

    static ContainerNetns parse(String text) {
        ContainerNetns netns = interpret(text.strip());
        if (!Files.exists(netns.path)) {
            throw new CliFailure("network namespace '" + text + "' not found: " + netns.path + " does not exist");
        }
        return netns;
    }

    /** The namespace if it still exists: a detach after the container is gone has nothing to do inside it. */
    static Optional<ContainerNetns> ifExists(String text) {
        ContainerNetns netns = interpret(text.strip());
        return Files.exists(netns.path) ? Optional.of(netns) : Optional.empty();
    }

    static ContainerNetns interpret(String text) {
        if (text.isEmpty()) {
            throw new CliFailure("--netns is empty: expected a path, a PID or a name under /run/netns");
        }
        if (PID.matcher(text).matches()) {
            return new ContainerNetns(Path.of("/proc", text, "ns", "net"), text);
        }
        if (!text.contains("/")) {
            return new ContainerNetns(Path.of("/run/netns", text), text);
        }
        Matcher proc = PROC_PATH.matcher(text);
        if (proc.matches()) {
            return new ContainerNetns(Path.of(text), proc.group(1));
        }
        Matcher named = NAMED_PATH.matcher(text);
        if (named.matches()) {
            return new ContainerNetns(Path.of(text), named.group(1));
        }
        return new ContainerNetns(Path.of(text), text);
    }
}
