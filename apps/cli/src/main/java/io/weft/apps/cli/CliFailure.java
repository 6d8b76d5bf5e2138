package io.weft.apps.cli;

/**
 * Why a command could not do its job, as one line for the user: the API's problem detail, or why the controller
 * could not be reached. Printed as {@code weft: <message>} with exit code 1.
 */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean controllerUnreachable;

    public CliFailure(String message) {
        this(message, false);
    }

    CliFailure(String message, boolean controllerUnreachable) {
        // No stack trace: the message is all the user sees.
        super(message, null, false, false);
        this.controllerUnreachable = controllerUnreachable;
    }

    /** The controller could not be reached at all (as opposed to answering with a problem): worth a retry. */
    public boolean controllerUnreachable() {
        return controllerUnreachable;
    }
}
