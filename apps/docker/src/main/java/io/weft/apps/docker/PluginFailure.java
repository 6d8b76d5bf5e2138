package io.weft.apps.docker;

/** A driver call that cannot be done; its message is what {@code docker} prints to the user. */
final class PluginFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PluginFailure(String message) {
        super(message, null, false, false);
    }
}
