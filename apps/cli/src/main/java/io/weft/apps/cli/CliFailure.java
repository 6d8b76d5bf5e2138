package io.weft.apps.cli;

/**
 * Why a command could not do its job, as one line for the user: the API's problem detail, or why the controller
 * could not be reached. Printed as {@code weft: <message>} with exit code 1.
 */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliFailure(String message) {
        // No stack trace: the message is all the user sees.
        super(message, null, false, false);
    }
}
