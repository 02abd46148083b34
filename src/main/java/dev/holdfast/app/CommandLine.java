package dev.holdfast.app;

import java.util.List;
import java.util.Optional;

/**
 * The command line, parsed without side effects.
 *
 * @param configDir the {@code --config-dir} value, if given
 * @param help whether {@code --help} was given
 * @param version whether {@code --version} was given
 */
public record CommandLine(Optional<String> configDir, boolean help, boolean version) {

    /** Thrown for arguments Holdfast does not understand; the message is for the user. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = """
            Usage: holdfast [options]

            Options:
              --config-dir DIR   keep settings in DIR instead of the usual place
                                 (also: the HOLDFAST_CONFIG_DIR environment variable)
              --help             show this help and exit
              --version          show the version and exit
            """;

    public static CommandLine parse(List<String> args) throws UsageException {
        Optional<String> configDir = Optional.empty();
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--version")) {
                version = true;
            } else if (arg.equals("--config-dir")) {
                if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                    throw new UsageException("--config-dir needs a directory");
                }
                configDir = Optional.of(args.get(++i));
            } else if (arg.startsWith("--config-dir=")) {
                String value = arg.substring("--config-dir=".length());
                if (value.isBlank()) {
                    throw new UsageException("--config-dir needs a directory");
                }
                configDir = Optional.of(value);
            } else {
                throw new UsageException("Unknown argument: " + arg);
            }
        }
        return new CommandLine(configDir, help, version);
    }
}
