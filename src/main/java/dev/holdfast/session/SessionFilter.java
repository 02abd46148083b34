package dev.holdfast.session;

import java.util.Locale;

/** The session list's filter: every word must appear in the name, folder, host or user. Any thread. */
public final class SessionFilter {
    private final String[] words;

    public SessionFilter(String query) {
        String trimmed = query.strip().toLowerCase(Locale.ROOT);
        this.words = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }

    public boolean isEmpty() {
        return words.length == 0;
    }

    public boolean matches(EffectiveSettings session) {
        if (words.length == 0) {
            return true;
        }
        SessionProfile profile = session.profile();
        String haystack = String.join("\n", profile.name(), profile.folder(), session.get(Settings.HOST),
                session.get(Settings.USER)).toLowerCase(Locale.ROOT);
        for (String word : words) {
            if (!haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
