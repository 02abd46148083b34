package dev.holdfast.interop;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionStore;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** A Holdfast JSON backup (File → Export Backup), brought back through the same preview as other imports. */
public final class BackupImporter {

    public ImportResult read(Path file) throws ImportException {
        BasicFileAttributes attributes = ReadLimits.regularFile(file);
        if (attributes.size() > ReadLimits.MAX_BYTES) {
            throw new ImportException(file, 0, "is " + attributes.size() / (1024 * 1024) + " MB; a Holdfast backup is"
                    + " a small file (this one is refused above " + ReadLimits.MAX_BYTES / (1024 * 1024) + " MB)");
        }
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
        return ImportRules.clean(new ImportResult(sessions, catalog.defaults().values(), List.of()));
    }
}
