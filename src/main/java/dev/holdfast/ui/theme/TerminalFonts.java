package dev.holdfast.ui.theme;

import java.util.List;
import java.util.Locale;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * The monospace font families on this system (an 'i' as wide as a 'W'), and the font a terminal uses for a
 * family name: that family when it is installed, otherwise the first of the usual monospace fonts found,
 * otherwise JavaFX's logical "Monospaced". FX thread (measuring text needs the toolkit).
 */
public final class TerminalFonts {
    /** Tried in order when the session names no font or one that is not installed. */
    static final List<String> FALLBACKS = List.of("DejaVu Sans Mono", "Cascadia Mono", "Consolas", "Menlo",
            "SF Mono", "Liberation Mono", "Noto Sans Mono", "Ubuntu Mono", "Source Code Pro", "Courier New");

    private static List<String> monospace;

    private TerminalFonts() {
    }

    /** The installed monospace families, sorted; measured once. */
    public static synchronized List<String> monospaceFamilies() {
        if (monospace == null) {
            monospace = Font.getFamilies().stream().filter(TerminalFonts::isMonospace).sorted().toList();
        }
        return monospace;
    }

    static boolean isMonospace(String family) {
        Font font = Font.font(family, 20);
        if (!font.getFamily().equalsIgnoreCase(family)) {
            return false; // not really installed: JavaFX gave a substitute
        }
        double narrow = width("i", font);
        double wide = width("W", font);
        return narrow > 0 && Math.abs(narrow - wide) < 0.5;
    }

    private static double width(String text, Font font) {
        Text node = new Text(text);
        node.setFont(font);
        return node.getLayoutBounds().getWidth();
    }

    /** The family a terminal uses for {@code wanted} (blank: the first fallback installed). */
    public static String familyFor(String wanted) {
        List<String> installed = Font.getFamilies();
        String name = wanted.strip();
        if (!name.isEmpty()) {
            for (String family : installed) {
                if (family.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return family;
                }
            }
        }
        for (String fallback : FALLBACKS) {
            if (installed.contains(fallback)) {
                return fallback;
            }
        }
        return "Monospaced";
    }
}
