package dev.holdfast.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
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
            return Optional.of(codec.decode(Files.readAllBytes(file)).catalog());
        } catch (NoSuchFileException e) {
            return Optional.of(Catalog.empty());
        } catch (IOException | CatalogCodec.UnreadableException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public LoadResult load() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new LoadResult(Catalog.empty(), Optional.empty());
        } catch (IOException e) {
            savingBlocked = true;
            LOG.warn("Cannot read {}: {}", file, e.toString());
            return new LoadResult(Catalog.empty(), Optional.of(new LoadProblem(LoadProblem.Kind.UNREADABLE,
                    "Your sessions file could not be opened, so Holdfast will not save over it in this run.",
                    List.of(file + ": " + e.getMessage()), Optional.empty())));
        }
        try {
            CatalogCodec.Decoded decoded = codec.decode(content);
            if (decoded.warnings().isEmpty()) {
                return new LoadResult(decoded.catalog(), Optional.empty());
            }
            Path copy = siblingCopy("before-repair");
            // the copy keeps what was repaired away, but never a secret, and is private like the file
            Optional<byte[]> scrubbed = codec.withoutSecrets(content);
            if (scrubbed.isPresent()) {
                AtomicFiles.write(copy, scrubbed.get());
            } else {
                Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                makePrivate(copy);
            }
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
            Path copy = siblingCopy("corrupt");
            Files.move(file, copy);
            makePrivate(copy);
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

    /** Mode 0600 where the file system has POSIX permissions: a copy may hold what the user typed. */
    private static void makePrivate(Path copy) throws IOException {
        if (copy.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** A free name beside the settings file: {@code sessions.json.corrupt-20261123-140320}. */
    private Path siblingCopy(String label) {
        String base = FILE_NAME + "." + label + "-" + LocalDateTime.now(clock).format(STAMP);
        Path candidate = directory.resolve(base);
        for (int i = 2; Files.exists(candidate); i++) {
            candidate = directory.resolve(base + "-" + i);
        }
        return candidate;
    }

    /** Writes the catalog atomically. Refuses when loading found a file it could not read. */
    public void save(Catalog catalog) throws IOException {
        if (savingBlocked) {
            throw new IOException("Not saving: " + file + " could not be read at start, and saving would replace it.");
        }
        AtomicFiles.write(file, codec.encode(catalog));
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
            return new CatalogCodec().decode(Files.readAllBytes(file)).catalog();
        } catch (CatalogCodec.UnreadableException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
