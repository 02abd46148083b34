package dev.holdfast.app;

import dev.holdfast.ui.AppIcons;
import dev.holdfast.ui.CaretRest;
import dev.holdfast.ui.FxThread;
import dev.holdfast.ui.PausingPulseTimer;
import dev.holdfast.ui.PulseGovernor;
import dev.holdfast.ui.window.MainWindow;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: loads settings off the FX thread (see {@link Preparation}), shows the main
 * window, saves on exit.
 */
public final class HoldfastApp extends Application {
    private Services services;
    private boolean systemPrefersDark;
    private CommandLine commandLine;

    @Override
    public void init() throws Exception {
        commandLine = CommandLine.parse(getParameters().getRaw());
        AppIcons.preload();
        Preparation.Result prepared = Preparation.take(commandLine.configDir());
        services = prepared.services();
        systemPrefersDark = prepared.systemPrefersDark();
        // no Logger field: this class is made on the FX thread, and logging is set up by Preparation
        LoggerFactory.getLogger(HoldfastApp.class).info("Settings in {}", services.store().file());
    }

    @Override
    public void start(Stage stage) {
        CaretRest.everywhere();
        PausingPulseTimer.install();
        if (Launcher.pulseChosenHere()) {
            PulseGovernor.everywhere();
        }
        MainWindow window = new MainWindow(stage, services.library(), services.store().file(), systemPrefersDark,
                services.connections());
        window.setOnExit(Platform::exit);
        stage.show();
        Handover.windowShown(window, services.library());
        if (System.getenv("HOLDFAST_EXIT_AFTER_START") != null) {
            // used when packaging: one start, to record the classes it loads into the AppCDS archive
            javafx.animation.PauseTransition pause = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(2));
            pause.setOnFinished(e -> window.quit());
            pause.play();
        }
        FxThread.later(() -> {
            window.report(services.loadProblem());
            window.restoreTabs();
            StartupTargets.open(commandLine, services.library().catalog(), window);
        });
    }

    @Override
    public void stop() {
        if (services != null) {
            services.close();
        }
        // after the last save, so a Holdfast started next reads what this one wrote
        Handover.end();
    }
}

