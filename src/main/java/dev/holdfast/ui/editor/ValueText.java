package dev.holdfast.ui.editor;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.session.AuthMethod;

/** How a setting's value reads in tooltips and summaries. */
public final class ValueText {
    private ValueText() {
    }

    public static String of(Object value) {
        if (value instanceof AuthMethod auth) {
            return auth.label();
        }
        if (value instanceof KeepaliveMode mode) {
            return mode.shortLabel();
        }
        if (value instanceof Boolean flag) {
            return flag ? "on" : "off";
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? "(empty)" : text;
    }
}
