package dev.holdfast.app;

import dev.holdfast.ui.Version;
import java.util.List;
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
        Application.launch(HoldfastApp.class, args);
    }
}
