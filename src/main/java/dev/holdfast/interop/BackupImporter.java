package dev.holdfast.interop;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A Holdfast JSON backup (File → Export Backup), brought back through the same preview as other imports. */
public final class BackupImporter {

    public ImportResult read(Path file) throws ImportException {
        Catalog catalog;
        try {
            catalog = SessionStore.readBackup(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ImportException(file, 0, "does not exist");
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            throw new ImportException(file, 0, message.startsWith(file.toString())
                    ? message.substring(file.toString().length() + 2) : message);
        }
        List<ImportedSession> sessions = catalog.sessions().stream()
                .map(s -> new ImportedSession(s.name(), s.folder(), s.overrides(), List.of())).toList();
        return new ImportResult(sessions, catalog.defaults().values(), List.of());
    }
}
