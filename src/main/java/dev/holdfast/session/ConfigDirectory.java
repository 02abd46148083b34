package dev.holdfast.session;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where Holdfast keeps its files. In order: the {@code --config-dir} argument, the
 * {@value #ENV_VARIABLE} environment variable, then the OS convention:
 * {@code $XDG_CONFIG_HOME/holdfast} (else {@code ~/.config/holdfast}) on Linux and other Unix,
 * {@code %APPDATA%\Holdfast} on Windows, {@code ~/Library/Application Support/Holdfast} on macOS.
 */
public final class ConfigDirectory {
    public static final String ENV_VARIABLE = "HOLDFAST_CONFIG_DIR";

    private ConfigDirectory() {
    }

    /** Resolves against this process's environment and system properties. */
    public static Path resolve(Optional<String> argument) {
        return resolve(argument, System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home"));
    }

    static Path resolve(Optional<String> argument, Map<String, String> env, String osName, String home) {
        if (argument.isPresent() && !argument.get().isBlank()) {
            return Path.of(FieldRules.expandHome(argument.get())).toAbsolutePath();
        }
        String fromEnv = env.get(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(FieldRules.expandHome(fromEnv)).toAbsolutePath();
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = appData != null && !appData.isBlank() ? Path.of(appData) : Path.of(home, "AppData", "Roaming");
            return base.resolve("Holdfast");
        }
        if (os.startsWith("mac")) {
            return Path.of(home, "Library", "Application Support", "Holdfast");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "holdfast");
        }
        return Path.of(home, ".config", "holdfast");
    }
}
