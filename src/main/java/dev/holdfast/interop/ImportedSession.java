package dev.holdfast.interop;

import dev.holdfast.session.SettingValues;
import java.util.List;

/**
 * One session found in another tool's configuration, before the user confirms the import.
 *
 * @param name the session's name (the ssh_config Host alias, the PuTTY session name...)
 * @param folder where it goes in the session list; empty for the top level
 * @param overrides the settings it sets, in Holdfast's units
 * @param skipped what it had that Holdfast does not import, each as "Option value (why)"
 */
public record ImportedSession(String name, String folder, SettingValues overrides, List<String> skipped) {

    public ImportedSession {
        skipped = List.copyOf(skipped);
    }
}
