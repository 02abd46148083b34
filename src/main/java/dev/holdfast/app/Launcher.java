package dev.holdfast.app;

import dev.holdfast.ui.Version;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.ConfigDirectory;
import dev.holdfast.session.SessionStore;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;

/**
 * The process entry point. A plain class, not an {@link Application}, so the app starts from the class
 * path (JavaFX refuses to launch an Application subclass as main class without the module path).
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(List.of(args));
        } catch (CommandLine.UsageException e) {
            System.err.println("holdfast: " + e.getMessage());
            System.err.print(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        if (commandLine.help()) {
            System.out.print(CommandLine.USAGE);
            return;
        }
        if (commandLine.version()) {
            System.out.println("Holdfast " + Version.current());
            return;
        }
        if (commandLine.session().isPresent()) {
            Optional<Catalog> catalog = new SessionStore(ConfigDirectory.resolve(commandLine.configDir())).peek();
            if (catalog.isPresent() && catalog.get().byName(commandLine.session().get()).isEmpty()) {
                System.err.println("holdfast: " + StartupTargets.unknownSession(commandLine.session().get(),
                        catalog.get()));
                System.exit(2);
                return;
            }
        }
        // settings and logging load on their own thread while the toolkit starts; HoldfastApp.init() takes them
        Preparation.begin(commandLine.configDir());
        Application.launch(HoldfastApp.class, args);
    }
}
