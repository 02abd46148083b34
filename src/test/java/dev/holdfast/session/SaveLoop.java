package dev.holdfast.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child process for {@link AtomicSaveCrashTest}: saves two different catalogs in turn until killed, and
 * prints {@code saved <n>} after each save has completed (the rename done), so the parent knows a complete
 * file exists before it kills.
 */
public final class SaveLoop {
    private SaveLoop() {
    }

    static Catalog state(int sessions) {
        List<SessionProfile> profiles = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            profiles.add(new SessionProfile("id" + i, "session " + i, "", SettingValues.empty()
                    .with(Settings.HOST, "host" + i + ".example.com"), Map.of(), Map.of()));
        }
        return Catalog.empty().withSessions(profiles);
    }

    public static void main(String[] args) throws Exception {
        SessionStore store = new SessionStore(Path.of(args[0]));
        Catalog a = state(1);
        Catalog b = state(200);
        for (long i = 0; ; i++) {
            store.save(i % 2 == 0 ? b : a);
            System.out.println("saved " + (i + 1));
            System.out.flush();
        }
    }
}
