package dev.holdfast.ui.sessions;

import dev.holdfast.ssh.RemoteShell;
import java.util.ArrayList;
import java.util.List;

/**
 * The tabs open now, as kept in the settings file so that the next start can bring them back (Default
 * Settings: Restore tabs at start). One preference: the first line {@code selected N}, then one line per tab
 * {@code <session id> <slot> <remote session name>}. A line that cannot be read is left out; so is a tab whose
 * remote name is not a safe one.
 *
 * @param tabs the tabs in order
 * @param selected the index of the selected tab, or -1
 */
public record OpenTabs(List<Tab> tabs, int selected) {
    public static final String PREFERENCE = "openTabs";
    /** Whether to restore them: "true" or absent. */
    public static final String RESTORE_PREFERENCE = "restoreTabs";
    /** At most this many tabs come back. */
    static final int LIMIT = 200;

    /** One tab: its saved session, which of that session's tabs it was, and its remote session's name. */
    public record Tab(String sessionId, int slot, String remoteName) {
    }

    public OpenTabs {
        tabs = List.copyOf(tabs);
    }

    /** The preference's text. */
    public String text() {
        StringBuilder text = new StringBuilder("selected ").append(selected);
        for (Tab tab : tabs) {
            text.append('\n').append(tab.sessionId()).append(' ').append(tab.slot()).append(' ').append(tab.remoteName());
        }
        return text.toString();
    }

    /** Reads the preference; what cannot be read is left out. */
    public static OpenTabs parse(String text) {
        List<Tab> tabs = new ArrayList<>();
        int selected = -1;
        for (String line : (text == null ? "" : text).lines().toList()) {
            String[] parts = line.strip().split("\\s+", -1);
            try {
                if (parts.length == 2 && parts[0].equals("selected")) {
                    selected = Integer.parseInt(parts[1]);
                } else if (parts.length == 3 && !parts[0].isEmpty() && RemoteShell.isSafeName(parts[2])
                        && tabs.size() < LIMIT) {
                    int slot = Integer.parseInt(parts[1]);
                    if (slot >= 1 && slot <= 10_000) {
                        tabs.add(new Tab(parts[0], slot, parts[2]));
                    }
                }
            } catch (NumberFormatException e) {
                // a damaged line: that tab is not restored
            }
        }
        return new OpenTabs(tabs, selected >= 0 && selected < tabs.size() ? selected : (tabs.isEmpty() ? -1 : 0));
    }
}
