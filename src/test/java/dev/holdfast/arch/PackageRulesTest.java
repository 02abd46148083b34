package dev.holdfast.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** JavaFX stays in the ui and app packages, so the core compiles and is tested without a toolkit. */
class PackageRulesTest {
    private static final Path MAIN = Path.of("src", "main", "java", "dev", "holdfast");
    private static final Pattern JAVAFX = Pattern.compile("\\bjavafx\\.");
    private static final Pattern ATLANTAFX = Pattern.compile("\\batlantafx\\.");

    @Test
    void javafxIsUsedOnlyInUiAndApp() throws IOException {
        List<String> offenders = sources()
                .filter(p -> !p.startsWith(MAIN.resolve("ui")) && !p.startsWith(MAIN.resolve("app")))
                .filter(p -> uses(p, JAVAFX) || uses(p, ATLANTAFX))
                .map(Path::toString)
                .toList();
        assertEquals(List.of(), offenders);
    }

    @Test
    void theRuleSeesTheUiPackage() throws IOException {
        assertTrue(sources().anyMatch(p -> p.startsWith(MAIN.resolve("ui")) && uses(p, JAVAFX)),
                "the scan must find JavaFX where it is allowed, or it scans the wrong tree");
        assertTrue(sources().anyMatch(p -> p.startsWith(MAIN.resolve("session"))));
    }

    @Test
    void thereAreNoGrabBagPackages() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            List<String> names = dirs.map(p -> p.getFileName().toString()).toList();
            for (String forbidden : List.of("model", "service", "util", "utils", "common", "impl")) {
                assertTrue(!names.contains(forbidden), "package by feature, not by layer: " + forbidden);
            }
        }
    }

    private static Stream<Path> sources() throws IOException {
        return Files.walk(MAIN).filter(p -> p.toString().endsWith(".java")).toList().stream();
    }

    private static boolean uses(Path file, Pattern pattern) {
        try {
            return pattern.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
