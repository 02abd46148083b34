package dev.holdfast.session;

import java.util.function.Predicate;

/** Making names unique, as sessions are found by name on the command line. */
public final class SessionNames {
    private SessionNames() {
    }

    /** {@code name} if free, else {@code name (2)}, {@code name (3)}, ... */
    public static String unique(String name, Predicate<String> taken) {
        if (!taken.test(name)) {
            return name;
        }
        for (int i = 2; ; i++) {
            String candidate = name + " (" + i + ")";
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
    }

    /** The name a duplicate of {@code name} gets: {@code name (copy)}, then {@code name (copy 2)}, ... */
    public static String copyOf(String name, Predicate<String> taken) {
        String base = name + " (copy)";
        if (!taken.test(base)) {
            return base;
        }
        for (int i = 2; ; i++) {
            String candidate = name + " (copy " + i + ")";
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
    }
}
