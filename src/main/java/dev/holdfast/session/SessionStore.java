package dev.holdfast.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings file, {@value #FILE_NAME} in the config directory. Loading never loses the user's data:
 * a file that cannot be parsed is moved aside to a timestamped copy, a file that needed repairs is
 * copied aside first. Saving is atomic (see {@link AtomicFiles}). Blocking I/O: call from a background
 * thread; {@link SessionLibrary} does.
 */
public final class SessionStore {
    public static final String FILE_NAME = "sessions.json";
    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path directory;
    private final Path file;
    private final Clock clock;
    private final CatalogCodec codec = new CatalogCodec();
    private volatile boolean savingBlocked;
    private Known known; // null until load() or save(); guarded by this
    private Optional<String> mergeNotice = Optional.empty(); // guarded by this

    public SessionStore(Path directory) {
        this(directory, Clock.system(ZoneId.systemDefault())); // the user's local time names set-aside files
    }

    SessionStore(Path directory, Clock clock) {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    public Path directory() {
        return directory;
    }

    /** The result of {@link #load()}: what to show, and what to tell the user. */
    public record LoadResult(Catalog catalog, Optional<LoadProblem> problem) {
    }

    /**
     * Reads the file without changing anything on disk (no copies, nothing moved aside): for checks
     * made before the app starts, such as whether a session named on the command line exists. Empty when
     * the file cannot be read or parsed; {@link #load} then deals with it.
     */
    public Optional<Catalog> peek() {
        try {
            return Optional.of(codec.decode(GuardedFile.read(file)).catalog());
        } catch (NoSuchFileException e) {
            return Optional.of(Catalog.empty());
        } catch (IOException | CatalogCodec.UnreadableException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public synchronized LoadResult load() {
        byte[] content;
        try {
            content = GuardedFile.read(file);
        } catch (NoSuchFileException e) {
            known = new Known(Optional.empty(), Catalog.empty());
            return new LoadResult(Catalog.empty(), Optional.empty());
        } catch (GuardedFile.RefusedException e) {
            savingBlocked = true;
            LOG.warn("Not reading {}: {}", file, e.getMessage());
            return new LoadResult(Catalog.empty(), Optional.of(new LoadProblem(LoadProblem.Kind.UNREADABLE,
                    "Your sessions file was not read: " + e.getMessage()
                            + " Holdfast will not save over it in this run.",
                    List.of(e.getMessage()), Optional.empty())));
        } catch (IOException e) {
            savingBlocked = true;
            LOG.warn("Cannot read {}: {}", file, e.toString());
            return new LoadResult(Catalog.empty(), Optional.of(new LoadProblem(LoadProblem.Kind.UNREADABLE,
                    "Your sessions file could not be opened, so Holdfast will not save over it in this run.",
                    List.of(file + ": " + e.getMessage()), Optional.empty())));
        }
        try {
            CatalogCodec.Decoded decoded = codec.decode(content);
            decoded.catalog().prepare(); // here, on the loading thread, rather than on the FX thread at start
            if (decoded.warnings().isEmpty()) {
                known = new Known(Optional.of(Fingerprint.of(content)), decoded.catalog());
                return new LoadResult(decoded.catalog(), Optional.empty());
            }
            Path copy = keepRepairCopy(content);
            known = new Known(Optional.of(Fingerprint.of(content)), decoded.catalog());
            LOG.warn("Repaired {} on load ({} problems); original copied to {}", file, decoded.warnings().size(), copy);
            return new LoadResult(decoded.catalog(), Optional.of(new LoadProblem(LoadProblem.Kind.REPAIRED,
                    "Some of your sessions file could not be used and was left out.",
                    decoded.warnings(), Optional.of(copy))));
        } catch (CatalogCodec.UnreadableException e) {
            return setAside(e.getMessage());
        } catch (IOException e) {
            savingBlocked = true;
            LOG.warn("Cannot copy {} aside: {}", file, e.toString());
            return new LoadResult(Catalog.empty(), Optional.of(new LoadProblem(LoadProblem.Kind.UNREADABLE,
                    "Your sessions file needs repairs but could not be copied aside, so Holdfast will not save"
                            + " over it in this run.", List.of(e.toString()), Optional.empty())));
        }
    }

    private LoadResult setAside(String why) {
        try {
            // through a link, the file it names is moved aside in its own folder: the link stays, and the
            // next save writes a new file where it points
            Path target = GuardedFile.target(file);
            Path copy = siblingCopy(target, "corrupt");
            Files.move(target, copy);
            makePrivate(copy);
            known = new Known(Optional.empty(), Catalog.empty());
            LOG.warn("Moved unreadable {} to {}: {}", file, copy, why);
            return new LoadResult(Catalog.empty(), Optional.of(new LoadProblem(LoadProblem.Kind.SET_ASIDE,
                    "Your sessions file could not be read because " + why
                            + " It was moved aside, untouched, and Holdfast started without saved sessions.",
                    List.of(why), Optional.of(copy))));
        } catch (IOException e) {
            savingBlocked = true;
            return new LoadResult(Catalog.empty(), Optional.of(new LoadProblem(LoadProblem.Kind.UNREADABLE,
                    "Your sessions file could not be read because " + why
                            + " It could not be moved aside either, so Holdfast will not save over it in this run.",
                    List.of(why, e.toString()), Optional.empty())));
        }
    }

    /**
     * Keeps the file as it was before repairs, beside it, mode 0600: what was repaired away, but never a
     * secret (the bytes already read are written, so the copy is the file that was decoded).
     */
    private Path keepRepairCopy(byte[] content) throws IOException {
        Path copy = siblingCopy("before-repair");
        AtomicFiles.write(copy, codec.withoutSecrets(content).orElse(content));
        return copy;
    }

    /** Mode 0600 where the file system has POSIX permissions: a copy may hold what the user typed. */
    private static void makePrivate(Path copy) throws IOException {
        if (copy.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** A free name beside the settings file: {@code sessions.json.corrupt-20261123-140320}. */
    private Path siblingCopy(String label) {
        return siblingCopy(file, label);
    }

    /** A free name beside {@code beside}, named after it: {@code holdfast.json.corrupt-20261123-140320}. */
    private Path siblingCopy(Path beside, String label) {
        String base = beside.getFileName() + "." + label + "-" + LocalDateTime.now(clock).format(STAMP);
        Path candidate = beside.resolveSibling(base);
        for (int i = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); i++) {
            candidate = beside.resolveSibling(base + "-" + i);
        }
        return candidate;
    }

    /**
     * Writes the catalog atomically, through a symbolic link to the file it names, and returns what was
     * written. A save never drops a change it did not make: if the file on disk is no longer what this
     * store last read or wrote (another program, a second Holdfast, a synced copy), the two are merged by
     * {@link CatalogMerge} with the last read catalog as the common base, and the merge is what is written
     * and returned. A file changed on disk that can no longer be read is not written over: the save fails
     * with a message saying why. A file deleted on disk is written again with this catalog (deleting the
     * file is not taken as deleting every session). Without an earlier {@link #load()} the catalog is
     * written as given. Refuses when loading found a file it could not read.
     */
    public synchronized Catalog save(Catalog catalog) throws IOException {
        if (savingBlocked) {
            throw new IOException("Not saving: " + file + " could not be read at start, and saving would replace it.");
        }
        Path target = GuardedFile.target(file);
        mergeNotice = Optional.empty();
        Catalog merged = known == null ? catalog : mergeWithDisk(catalog);
        byte[] content = codec.encode(merged);
        AtomicFiles.write(target, content);
        known = new Known(Optional.of(Fingerprint.of(content)), merged);
        return merged;
    }

    private Catalog mergeWithDisk(Catalog ours) throws IOException {
        byte[] onDisk;
        try {
            onDisk = GuardedFile.read(file);
        } catch (NoSuchFileException e) {
            if (known.fingerprint().isPresent()) {
                LOG.warn("{} was deleted by something else; writing this window's sessions again", file);
            }
            return ours;
        } catch (GuardedFile.RefusedException e) {
            throw new IOException("Not saving: the sessions file was changed by another program, and now "
                    + e.getMessage() + " Holdfast will not save over it.", e);
        }
        if (known.fingerprint().equals(Optional.of(Fingerprint.of(onDisk)))) {
            return ours;
        }
        CatalogCodec.Decoded theirs;
        try {
            theirs = codec.decode(onDisk);
        } catch (CatalogCodec.UnreadableException e) {
            throw new IOException("Not saving: " + file + " was changed by another program and can no longer be"
                    + " read because " + e.getMessage() + " Holdfast will not save over it; once the file is fixed"
                    + " or removed, the next change is saved.", e);
        }
        if (!theirs.warnings().isEmpty()) {
            Path copy = keepRepairCopy(onDisk);
            LOG.warn("{} was changed elsewhere and needed repairs ({}); its content was copied to {}", file,
                    theirs.warnings().size(), copy);
        }
        CatalogMerge.Result result = CatalogMerge.merge(known.catalog(), ours, theirs.catalog());
        if (!result.conflicts().isEmpty()) {
            Path copy = siblingCopy("changed-elsewhere");
            AtomicFiles.write(copy, codec.withoutSecrets(onDisk).orElse(onDisk));
            LOG.warn("{} was changed both here and elsewhere; merged, the other version is kept in {}: {}", file,
                    copy, result.conflicts());
            mergeNotice = Optional.of("Your sessions file had also been changed by another program (or another"
                    + " Holdfast window). Both sets of changes were kept, except where both changed the same thing:\n"
                    + String.join("\n", result.conflicts()) + "\nThe other version of the file is kept as " + copy
                    + ".");
        } else {
            LOG.info("{} was changed elsewhere; merged those changes with this window's", file);
        }
        return result.catalog();
    }

    /**
     * After a {@link #save} that merged conflicting changes made elsewhere: what to tell the user (what
     * was kept, and where the other version of the file is). Empty after any other save.
     */
    public synchronized Optional<String> lastMergeNotice() {
        return mergeNotice;
    }

    /**
     * What this store last read or wrote: the content's fingerprint (empty: no file) and the catalog it
     * held.
     */
    private record Known(Optional<Fingerprint> fingerprint, Catalog catalog) {
    }

    /**
     * Tells whether the file still holds what this store last read or wrote: its length and two CRCs of
     * different polynomials (64 bits). It guards against another program's or window's change, not against
     * someone crafting a collision (who can write this file can do anything with it). Both CRCs are
     * intrinsics of the JVM even before the JIT: about 2 ms for the 2.6 MB of 10,000 sessions at start,
     * where SHA-256, interpreted and with the security providers to set up, took about 50.
     */
    private record Fingerprint(int length, int crc32c, int crc32) {
        static Fingerprint of(byte[] content) {
            CRC32C castagnoli = new CRC32C();
            castagnoli.update(content);
            CRC32 ieee = new CRC32();
            ieee.update(content);
            return new Fingerprint(content.length, (int) castagnoli.getValue(), (int) ieee.getValue());
        }
    }

    /**
     * Writes a backup of everything (sessions, Default Settings, preferences) in the settings file's own
     * format, atomically, mode 0600. No secrets: the format has none.
     */
    public static void writeBackup(Path file, Catalog catalog) throws IOException {
        AtomicFiles.write(file, new CatalogCodec().encode(catalog));
    }

    /**
     * Reads a backup (or any Holdfast settings file) without changing it.
     *
     * @throws IOException with a message for the user when it cannot be read or is not a Holdfast file
     */
    public static Catalog readBackup(Path file) throws IOException {
        try {
            return new CatalogCodec().decode(GuardedFile.read(file)).catalog();
        } catch (CatalogCodec.UnreadableException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
