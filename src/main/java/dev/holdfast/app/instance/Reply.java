package dev.holdfast.app.instance;

/**
 * What the running instance answers a hand-over.
 *
 * @param status what it did
 * @param message for the user of the second launch; empty when there is nothing to say
 */
public record Reply(Status status, String message) {
    /** What happened; {@link #code()} is its byte on the wire. */
    public enum Status {
        /** It took the arguments: opened what they name and came to the front. */
        HANDED_OVER(0),
        /** The arguments are wrong (such as an unknown session name); nothing was opened. */
        REFUSED(1),
        /** It is running but could not take the arguments in time; nothing was opened. */
        BUSY(2),
        /** Nobody answered in time (only made by the second launch, never sent). */
        NO_ANSWER(3);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        int code() {
            return code;
        }

        static java.util.Optional<Status> ofCode(int code) {
            for (Status status : values()) {
                if (status.code == code) {
                    return java.util.Optional.of(status);
                }
            }
            return java.util.Optional.empty();
        }
    }

    public static Reply handedOver() {
        return new Reply(Status.HANDED_OVER, "");
    }

    public static Reply refused(String message) {
        return new Reply(Status.REFUSED, message);
    }

    public static Reply busy(String message) {
        return new Reply(Status.BUSY, message);
    }
}
