package dev.holdfast.app;

import dev.holdfast.app.instance.Reply;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.window.MainWindow;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the command line asks to open at start: a saved session, or an ad-hoc destination. */
final class StartupTargets {
    private static final Logger LOG = LoggerFactory.getLogger(StartupTargets.class);

    private StartupTargets() {
    }

    static void open(CommandLine commandLine, Catalog catalog, MainWindow window) {
        commandLine.session().ifPresent(name -> catalog.byName(name).ifPresentOrElse(window::open,
                () -> window.tellUnknownSession(unknownSession(name, catalog))));
        commandLine.target().ifPresent(target -> window.open(adHoc(target)));
    }

    /**
     * What a second launch handed over (see {@link Handover}): opens its tab, if it names one, and brings the
     * window to the front. An unknown session name opens nothing and is answered, not shown here: the second
     * launch prints it. FX thread.
     */
    static Reply openHandedOver(CommandLine commandLine, Catalog catalog, MainWindow window) {
        if (!window.stage().isShowing()) {
            return Reply.busy("it is quitting, so nothing was opened. Start Holdfast again once it has closed.");
        }
        if (commandLine.session().isPresent()) {
            String name = commandLine.session().get();
            Optional<SessionProfile> profile = catalog.byName(name);
            if (profile.isEmpty()) {
                return Reply.refused(unknownSession(name, catalog));
            }
            window.open(profile.get());
            LOG.info("Opened the session {} handed over by another launch", name);
        }
        commandLine.target().ifPresent(target -> {
            SessionProfile adHoc = adHoc(target);
            window.open(adHoc);
            LOG.info("Opened {} handed over by another launch", adHoc.name());
        });
        window.bringToFront();
        return Reply.handedOver();
    }

    /** A session that is not saved: the destination over the Default Settings. */
    static SessionProfile adHoc(CommandLine.Target target) {
        SettingValues values = SettingValues.empty().with(Settings.HOST, target.host());
        if (!target.user().isEmpty()) {
            values = values.with(Settings.USER, target.user());
        }
        if (target.port().isPresent()) {
            values = values.with(Settings.PORT, target.port().get());
        }
        String host = target.host().indexOf(':') >= 0 ? "[" + target.host() + "]" : target.host();
        String name = (target.user().isEmpty() ? "" : target.user() + "@") + host
                + target.port().map(p -> ":" + p).orElse("");
        return SessionProfile.create(name).withOverrides(values);
    }

    static String unknownSession(String name, Catalog catalog) {
        String known = catalog.sessions().stream().map(SessionProfile::name).sorted()
                .collect(Collectors.joining(", "));
        return "no saved session is called \"" + name + "\""
                + (known.isEmpty() ? " (there are no saved sessions)" : ". Saved sessions: " + known);
    }
}
