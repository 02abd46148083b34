package dev.holdfast.app;

import dev.holdfast.ui.Version;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.ConfigDirectory;
import dev.holdfast.session.SessionStore;
import dev.holdfast.app.instance.Reply;
import dev.holdfast.app.instance.SingleInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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

    /** How long a second launch waits for the running Holdfast in all: to listen (it may be starting) and answer. */
    static final Duration HAND_OVER_WITHIN = Duration.ofSeconds(10);

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
        Path configDir = ConfigDirectory.resolve(commandLine.configDir());
        // before anything reads the settings: a second Holdfast on the same directory must never load or save them
        Optional<SingleInstance> instance;
        boolean heldElsewhere;
        try {
            instance = SingleInstance.claim(configDir);
            heldElsewhere = instance.isEmpty();
        } catch (IOException | RuntimeException e) {
            System.err.println("holdfast: could not make sure that only one Holdfast uses the settings in " + configDir
                    + " (" + e.getMessage() + "). Starting anyway: do not start Holdfast twice on them.");
            instance = Optional.empty();
            heldElsewhere = false;
        }
        if (heldElsewhere) {
            System.exit(handOver(configDir, List.of(args)));
            return;
        }
        instance.ifPresent(Handover::begin);
        if (commandLine.session().isPresent()) {
            Optional<Catalog> catalog = new SessionStore(configDir).peek();
            if (catalog.isPresent() && catalog.get().byName(commandLine.session().get()).isEmpty()) {
                System.err.println("holdfast: " + StartupTargets.unknownSession(commandLine.session().get(),
                        catalog.get()));
                System.exit(2);
                return;
            }
        }
        // settings and logging load on their own thread while the toolkit starts; HoldfastApp.init() takes them
        Preparation.begin(commandLine.configDir());
        fastPulse();
        Application.launch(HoldfastApp.class, args);
    }

    /** JavaFX's pulse, the moments it shows what changed: 240 a second unless set (see {@link #PULSE_HZ}). */
    static void fastPulse() {
        if (System.getProperty("javafx.animation.pulse") == null) {
            System.setProperty("javafx.animation.pulse", PULSE_HZ);
            pulseChosenHere = true;
        }
    }

    /** Whether {@link #fastPulse} chose the rate (not the person, with {@code -Djavafx.animation.pulse}). */
    static boolean pulseChosenHere() {
        return pulseChosenHere;
    }

    private static volatile boolean pulseChosenHere;

    /**
     * A typed key's echo is drawn on the canvas when it arrives, and waits for the next pulse to be shown:
     * half a pulse on average, 8 ms at JavaFX's default 60 Hz, which was most of what was left of the typing
     * latency (BENCHMARKS.md). The terminal still draws at most about 60 frames a second under a flood of
     * output. Where the toolkit's timer cannot pause (GTK, Monocle), each tick wakes the FX thread even with
     * nothing to draw, so there the rate is this only while the person types or uses the mouse, and JavaFX's
     * default otherwise ({@code ui/PulseGovernor}).
     */
    static final String PULSE_HZ = "240";

    /**
     * Another Holdfast holds the directory: hands it the command line and says what it did. The exit status is
     * as for a first launch: 0 done, 2 for arguments it refused (such as an unknown session), 1 when it did not
     * answer or could not take them.
     */
    private static int handOver(Path configDir, List<String> args) {
        Reply reply = SingleInstance.handOver(configDir, args, HAND_OVER_WITHIN);
        String running = "Holdfast is already running with the settings in " + configDir;
        switch (reply.status()) {
            case HANDED_OVER -> {
                System.out.println("holdfast: handed over to the Holdfast already running with the settings in "
                        + configDir + "; its window is in front now.");
                return 0;
            }
            case REFUSED -> {
                System.err.println("holdfast: " + reply.message());
                return 2;
            }
            case BUSY -> {
                System.err.println("holdfast: " + running + ", but " + reply.message());
                return 1;
            }
            default -> {
                System.err.println("holdfast: " + running + ". " + reply.message() + " If that Holdfast is stuck, end "
                        + "it and start Holdfast again (a second window on the same settings would lose changes).");
                return 1;
            }
        }
    }
}
