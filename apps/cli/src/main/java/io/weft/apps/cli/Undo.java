package io.weft.apps.cli;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What one attach has created so far, undone newest first when a later step fails, so that a failed attach leaves
 * nothing behind. Only this invocation's own work is recorded: what an earlier attach made is never undone.
 */
final class Undo {
    private record Step(String what, Runnable action) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();

    void push(String what, Runnable action) {
        steps.push(new Step(what, action));
    }

    /** Runs every step, newest first; a step that fails is reported on {@code err} and the rest still run. */
    void run(PrintWriter err) {
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.action().run();
            } catch (RuntimeException e) {
                err.println("weft: could not undo (" + step.what() + "): " + e.getMessage());
            }
        }
    }
}
