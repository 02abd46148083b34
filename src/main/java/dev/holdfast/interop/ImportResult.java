package dev.holdfast.interop;

import dev.holdfast.session.SettingValues;
import java.util.List;

/**
 * What an importer found.
 *
 * @param sessions the sessions, in file order
 * @param defaults values offered as Default Settings (ssh_config's {@code Host *}, PuTTY's "Default Settings")
 * @param notes things skipped for the whole file, such as {@code Match} blocks, each with file and line
 */
public record ImportResult(List<ImportedSession> sessions, SettingValues defaults, List<String> notes) {

    public ImportResult {
        sessions = List.copyOf(sessions);
        notes = List.copyOf(notes);
    }
}
