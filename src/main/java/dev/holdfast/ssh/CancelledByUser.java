package dev.holdfast.ssh;

/** Thrown when the person cancels a prompt; {@link FailureExplainer} turns it into a CANCELLED failure. */
final class CancelledByUser extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CancelledByUser() {
        super("cancelled by the user", null, false, false);
    }
}
