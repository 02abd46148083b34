package dev.holdfast.ssh;

import java.util.Arrays;

/**
 * A password, passphrase or prompt answer, held as characters so it can be wiped, never turned into a
 * string and never logged.
 *
 * @param remember keep it in memory for the rest of this app session, so reconnects do not ask again
 */
// The characters are copied in and out and can be wiped; equality is identity on purpose (a secret is never
// compared by value): the array component is safe.
@SuppressWarnings("ArrayRecordComponent")
public record Secret(char[] value, boolean remember) {

    public Secret {
        value = value.clone();
    }

    /** A copy; the caller wipes it when done. */
    @Override
    public char[] value() {
        return value.clone();
    }

    /** Overwrites the characters. */
    public void wipe() {
        Arrays.fill(value, '\0');
    }

    @Override
    public String toString() {
        return "Secret[hidden]";
    }

    @Override
    public boolean equals(Object other) {
        return other == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
