package dev.holdfast.interop;

import dev.holdfast.session.Setting;
import dev.holdfast.session.SettingValues;
import java.util.List;
import java.util.Set;

/**
 * One session found in another tool's configuration, before the user confirms the import.
 *
 * @param name the session's name (the ssh_config Host alias, the PuTTY session name...)
 * @param folder where it goes in the session list; empty for the top level
 * @param overrides the settings it sets, in Holdfast's units
 * @param skipped what it had that Holdfast does not import, each as "Option value (why)"
 * @param assumed what the other tool uses for the settings the file leaves unset (ssh: Port 22, no
 *                ServerAliveInterval so no probes...): the import writes each one that the Default
 *                Settings it lands in do not already give, so the session connects as the tool would
 * @param fromDefaults the overrides that came from the file's defaults ({@code Host *}): when those become
 *                     the Default Settings, the session inherits them instead of overriding them
 */
public record ImportedSession(String name, String folder, SettingValues overrides, List<String> skipped,
                              SettingValues assumed, Set<Setting<?>> fromDefaults) {

    public ImportedSession {
        skipped = List.copyOf(skipped);
        fromDefaults = Set.copyOf(fromDefaults);
    }

    /** A session whose tool has no defaults of its own to assume. */
    public ImportedSession(String name, String folder, SettingValues overrides, List<String> skipped) {
        this(name, folder, overrides, skipped, SettingValues.empty(), Set.of());
    }
}
