package dev.holdfast.session;

import java.nio.file.Path;
import java.util.List;

/** Child process for {@link AtomicSaveCrashTest}: saves two different catalogs in turn until killed. */
public final class SaveLoop {
    private SaveLoop() {
    }

    static Catalog state(int sessions) {
        List<SessionProfile> profiles = new java.util.ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            profiles.add(new SessionProfile("id" + i, "session " + i, "", SettingValues.empty()
                    .with(Settings.HOST, "host" + i + ".example.com"), java.util.Map.of(), java.util.Map.of()));
        }
        return Catalog.empty().withSessions(profiles);
    }

    public static void main(String[] args) throws Exception {
        SessionStore store = new SessionStore(Path.of(args[0]));
        Catalog a = state(1);
        Catalog b = state(200);
        System.out.println("ready");
        System.out.flush();
        for (long i = 0; ; i++) {
            store.save(i % 2 == 0 ? b : a);
        }
    }
}
