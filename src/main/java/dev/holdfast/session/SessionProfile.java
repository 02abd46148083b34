package dev.holdfast.session;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A saved session: its identity (id, name, folder) and only the settings it overrides. Immutable.
 * It never holds a password or passphrase; those are asked for when connecting.
 *
 * @param id stable identifier, survives renames
 * @param name unique display name, also used on the command line
 * @param folder optional grouping, {@code "Work/Prod"} nests; empty for none
 * @param overrides settings this session sets itself; all others come from Default Settings
 * @param unknownSettings setting keys this version does not know, kept for a newer version
 * @param extra entry fields this version does not know, kept for a newer version
 */
public record SessionProfile(String id, String name, String folder, SettingValues overrides,
                             Map<String, Object> unknownSettings, Map<String, Object> extra) {

    public SessionProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        folder = folder == null ? "" : folder;
        Objects.requireNonNull(overrides, "overrides");
        unknownSettings = Map.copyOf(unknownSettings);
        extra = Map.copyOf(extra);
    }

    /** A new session with a fresh id that inherits everything. */
    public static SessionProfile create(String name) {
        return new SessionProfile(UUID.randomUUID().toString(), name, "", SettingValues.empty(), Map.of(), Map.of());
    }

    public SessionProfile withName(String newName) {
        return new SessionProfile(id, newName, folder, overrides, unknownSettings, extra);
    }

    public SessionProfile withFolder(String newFolder) {
        return new SessionProfile(id, name, newFolder, overrides, unknownSettings, extra);
    }

    public SessionProfile withOverrides(SettingValues newOverrides) {
        return new SessionProfile(id, name, folder, newOverrides, unknownSettings, extra);
    }

    /** A copy under a new id and name, with the same overrides. */
    public SessionProfile duplicate(String newName) {
        return new SessionProfile(UUID.randomUUID().toString(), newName, folder, overrides, unknownSettings, extra);
    }

    /** The name with its folder, for messages: {@code Work/Prod/web1}. */
    public String path() {
        return folder.isEmpty() ? name : folder + "/" + name;
    }
}
