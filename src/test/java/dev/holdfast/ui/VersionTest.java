package dev.holdfast.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The About box's version is the build's, also when Holdfast runs from classes rather than a jar. */
class VersionTest {
    @Test
    void theVersionIsTheBuildsOwn() {
        String version = Version.current();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
    }
}
