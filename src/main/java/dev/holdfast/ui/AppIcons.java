package dev.holdfast.ui;

import dev.holdfast.threads.Threads;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The app icon at the sizes window managers pick from; made from icons/holdfast.svg. */
public final class AppIcons {
    private static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256};
    private static List<Image> images;

    private AppIcons() {
    }

    /**
     * Starts decoding the icons on a thread of its own (the toolkit must be running), so the main window,
     * built meanwhile on the FX thread, does not decode them itself; {@link #images()} waits for it.
     */
    public static void preload() {
        Threads.start("icons", AppIcons::images);
    }

    public static synchronized List<Image> images() {
        if (images == null) {
            List<Image> loaded = new ArrayList<>();
            for (int size : SIZES) {
                InputStream in = AppIcons.class.getResourceAsStream("/dev/holdfast/icons/holdfast-" + size + ".png");
                if (in != null) {
                    loaded.add(new Image(in));
                }
            }
            images = List.copyOf(loaded);
        }
        return images;
    }

    public static void apply(Stage stage) {
        stage.getIcons().setAll(images());
    }
}
