package dev.holdfast.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigDirectoryTest {
    private static final String HOME = "/home/ann";

    @Test
    void theArgumentWinsOverTheEnvironmentAndTheOsDefault() {
        assertEquals(Path.of("/opt/hf"), ConfigDirectory.resolve(Optional.of("/opt/hf"),
                Map.of(ConfigDirectory.ENV_VARIABLE, "/env/hf", "XDG_CONFIG_HOME", "/xdg"), "Linux", HOME));
    }

    @Test
    void theEnvironmentVariableWinsOverTheOsDefault() {
        assertEquals(Path.of("/env/hf"), ConfigDirectory.resolve(Optional.empty(),
                Map.of(ConfigDirectory.ENV_VARIABLE, "/env/hf"), "Linux", HOME));
    }

    @Test
    void linuxUsesXdgConfigHomeElseDotConfig() {
        assertEquals(Path.of("/xdg/holdfast"),
                ConfigDirectory.resolve(Optional.empty(), Map.of("XDG_CONFIG_HOME", "/xdg"), "Linux", HOME));
        assertEquals(Path.of(HOME, ".config", "holdfast"),
                ConfigDirectory.resolve(Optional.empty(), Map.of(), "Linux", HOME));
        assertEquals(Path.of(HOME, ".config", "holdfast"),
                ConfigDirectory.resolve(Optional.empty(), Map.of("XDG_CONFIG_HOME", "relative/dir"), "Linux", HOME),
                "a relative XDG_CONFIG_HOME is ignored, as the spec says");
    }

    @Test
    void windowsUsesAppData() {
        assertEquals(Path.of("C:/Users/ann/AppData/Roaming", "Holdfast"), ConfigDirectory.resolve(Optional.empty(),
                Map.of("APPDATA", "C:/Users/ann/AppData/Roaming"), "Windows 11", HOME));
    }

    @Test
    void macUsesApplicationSupport() {
        assertEquals(Path.of(HOME, "Library", "Application Support", "Holdfast"),
                ConfigDirectory.resolve(Optional.empty(), Map.of(), "Mac OS X", HOME));
    }
}
