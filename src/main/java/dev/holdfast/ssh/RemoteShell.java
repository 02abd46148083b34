package dev.holdfast.ssh;

import dev.holdfast.session.RemoteSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a tab runs on the server, and the exact commands for it. With tmux or screen the shell runs in a
 * multiplexer session named {@link #name()}, which outlives the connection: the tab's next connection attaches
 * to it again ({@code tmux new-session -A}, or screen's exact session by its id), so the same remote processes
 * go on.
 *
 * <p>Safety: a name is made only of ASCII letters, digits and {@code -} ({@link #isSafeName}, checked by the
 * constructor), so it can stand unquoted in a shell command, a tmux target and a {@code case} pattern; nothing
 * of a session's name reaches the server except through {@link #nameFor}, which keeps only those characters.
 * Every command is one line of POSIX {@code sh}, run as {@code sh -c '…'} whatever the login shell (bash, zsh,
 * fish, csh), with no single quote or {@code !} inside.
 *
 * <p>The program is looked for on the PATH of the non-interactive shell the server starts for a command, then
 * where package managers put it and a login shell's PATH would find it ({@code /usr/local/bin},
 * {@code /opt/homebrew/bin}, {@code /opt/local/bin}, {@code ~/.local/bin}, {@code ~/bin}).
 *
 * @param kind plain shell, tmux or screen
 * @param name the multiplexer session's name; empty for a plain shell
 */
public record RemoteShell(RemoteSession kind, String name) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9-]{1,80}");
    /** What every name starts with, so Holdfast's sessions can be told from the user's own. */
    public static final String PREFIX = "holdfast-";
    private static final int MAX_SLUG = 40;
    /** The probe's answer line, among whatever the login scripts print. */
    private static final Pattern ANSWER = Pattern.compile("(?m)^holdfast-probe: (resume|new|missing)\\s*$");
    private static final List<String> PLACES = List.of("/usr/local/bin", "/opt/homebrew/bin", "/opt/local/bin",
            "\"$HOME/.local/bin", "\"$HOME/bin");

    public RemoteShell {
        if (kind == RemoteSession.PLAIN) {
            name = "";
        } else if (!isSafeName(name)) {
            throw new IllegalArgumentException("unsafe remote session name: " + name);
        }
    }

    /** The plain login shell. */
    public static RemoteShell plain() {
        return new RemoteShell(RemoteSession.PLAIN, "");
    }

    /** Whether {@code name} is made only of the characters a remote session name may have. */
    public static boolean isSafeName(String name) {
        return name != null && SAFE.matcher(name).matches();
    }

    /**
     * The multiplexer session name of the {@code slot}th tab (from 1) of the saved session {@code sessionName}:
     * {@code holdfast-<name>-<slot>}, the name cut to ASCII letters, digits and dashes. When that loses
     * something (spaces, dots, other scripts, case differences are kept), a short hash of the whole name is
     * added so that "web 1" and "web-1" do not share one remote session.
     */
    public static String nameFor(String sessionName, int slot) {
        if (slot < 1) {
            throw new IllegalArgumentException("slot " + slot);
        }
        StringBuilder slug = new StringBuilder();
        boolean dash = false;
        for (int i = 0; i < sessionName.length() && slug.length() < MAX_SLUG; i++) {
            char c = sessionName.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (keep) {
                slug.append(c);
                dash = false;
            } else if (!dash && slug.length() > 0) {
                slug.append('-');
                dash = true;
            }
        }
        while (slug.length() > 0 && slug.charAt(slug.length() - 1) == '-') {
            slug.setLength(slug.length() - 1);
        }
        String kept = slug.toString();
        if (!kept.equals(sessionName)) {
            kept = (kept.isEmpty() ? "s" : kept + "-") + hash(sessionName);
        }
        return PREFIX + kept + "-" + slot;
    }

    /** Four base-36 characters from the name's bytes (FNV-1a), stable across runs and machines. */
    private static String hash(String text) {
        int h = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        String digits = Long.toString(Integer.toUnsignedLong(h) % (36L * 36 * 36 * 36), 36);
        return "0".repeat(4 - digits.length()) + digits;
    }

    /** What the server finds before the shell starts. */
    public enum Probe {
        /** The session is there: attaching resumes it. */
        RESUME,
        /** The program is there, the session is not: a new one starts. */
        NEW,
        /** The program is not installed (or cannot be run) there. */
        MISSING
    }

    /** Reads the probe command's output: its answer line, or {@link Probe#MISSING} when it printed none. */
    public static Probe parseProbe(String output) {
        Matcher m = ANSWER.matcher(output);
        Probe found = Probe.MISSING;
        while (m.find()) {
            found = Probe.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        }
        return found;
    }

    /**
     * The command, run without a PTY, that answers whether the program is there and whether the session
     * exists, as one line {@code holdfast-probe: resume|new|missing}.
     */
    public String probeCommand() {
        String exists = switch (kind) {
            case TMUX -> "\"$t\" has-session -t =" + name + " 2>/dev/null";
            case SCREEN -> "[ -n \"$(" + screenIdOf() + ")\" ]";
            case PLAIN -> throw new IllegalStateException("a plain shell needs no probe");
        };
        return sh(findProgram("if " + exists + "; then echo \"holdfast-probe: resume\"; "
                + "else echo \"holdfast-probe: new\"; fi; exit 0") + " echo \"holdfast-probe: missing\"");
    }

    /** The command run on the PTY: attach to the session, or start it. */
    public String attachCommand() {
        String attach = switch (kind) {
            // mouse on for this session only: the wheel scrolls tmux's own history, which holds what was
            // printed while Holdfast was away (Shift+drag still selects in Holdfast)
            case TMUX -> "exec \"$t\" -u new-session -A -s " + name + " \\; set-option -q mouse on";
            case SCREEN -> "i=$(" + screenIdOf() + "); if [ -n \"$i\" ]; then exec \"$t\" -U -x \"$i\"; fi; "
                    + "exec \"$t\" -U -h 10000 -S " + name; // screen keeps 100 lines unless told
            case PLAIN -> throw new IllegalStateException("a plain shell is started as a shell, not a command");
        };
        return sh(findProgram(attach) + " echo \"holdfast: " + kind.program() + " not found\" >&2; exit 127");
    }

    /**
     * The command that lists Holdfast's sessions of this kind on the server, one per line as
     * {@code name attached-count created-epoch-seconds last-activity-epoch-seconds} for tmux and
     * screen's own {@code -ls} lines for screen; {@link #parseList} reads either.
     */
    public static String listCommand(RemoteSession kind) {
        String list = switch (kind) {
            // spaces, not tabs: tmux prints a tab in a format as "_" when it thinks the client is no terminal
            case TMUX -> "\"$t\" list-sessions -F \"#{session_name} #{session_attached} #{session_created}"
                    + " #{session_activity}\" 2>/dev/null; exit 0";
            case SCREEN -> "\"$t\" -ls 2>/dev/null; exit 0";
            case PLAIN -> throw new IllegalStateException("a plain shell has no sessions to list");
        };
        return sh(find(kind.program(), list) + " exit 127");
    }

    /** The command that ends the session (its processes get SIGHUP). */
    public String endCommand() {
        String end = switch (kind) {
            case TMUX -> "\"$t\" kill-session -t =" + name + "; exit $?";
            case SCREEN -> "i=$(" + screenIdOf() + "); [ -n \"$i\" ] && \"$t\" -S \"$i\" -X quit; exit 0";
            case PLAIN -> throw new IllegalStateException("a plain shell ends with its connection");
        };
        return sh(findProgram(end) + " exit 127");
    }

    /** One Holdfast session on the server, as listed. */
    public record Listed(String name, boolean attached, Optional<Long> createdEpochSeconds,
                         Optional<Long> activityEpochSeconds) {
    }

    /** Holdfast's sessions (names starting with {@link #PREFIX}, safe names only) in the list command's output. */
    public static List<Listed> parseList(RemoteSession kind, String output) {
        List<Listed> found = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (kind == RemoteSession.TMUX) {
                String[] parts = line.strip().split("\\s+", -1);
                if (parts.length >= 4 && parts[0].startsWith(PREFIX) && isSafeName(parts[0])) {
                    found.add(new Listed(parts[0], !parts[1].equals("0"), number(parts[2]), number(parts[3])));
                }
            } else if (kind == RemoteSession.SCREEN) {
                String trimmed = line.strip();
                int space = trimmed.indexOf('\t') >= 0 ? trimmed.indexOf('\t') : trimmed.indexOf(' ');
                String id = space < 0 ? trimmed : trimmed.substring(0, space);
                int dot = id.indexOf('.');
                if (dot > 0 && id.substring(0, dot).chars().allMatch(Character::isDigit)) {
                    String name = id.substring(dot + 1);
                    if (name.startsWith(PREFIX) && isSafeName(name)) {
                        found.add(new Listed(name, trimmed.contains("(Attached)"), Optional.empty(), Optional.empty()));
                    }
                }
            }
        }
        return found;
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Prints screen's id ({@code pid.name}) of the session named exactly {@link #name}, if there is one. */
    private String screenIdOf() {
        return "\"$t\" -ls 2>/dev/null | while read -r id rest; do case \"$id\" in (*[0-9]." + name
                + ") echo \"$id\"; break;; esac; done";
    }

    /** Runs {@code then} with {@code $t} set to the program, if it is found; falls through otherwise. */
    private String findProgram(String then) {
        return find(kind.program(), then);
    }

    private static String find(String program, String then) {
        StringBuilder places = new StringBuilder(program);
        for (String dir : PLACES) {
            places.append(' ').append(dir).append('/').append(program).append(dir.startsWith("\"") ? "\"" : "");
        }
        return "for t in " + places + "; do if command -v \"$t\" >/dev/null 2>&1; then " + then + "; fi; done;";
    }

    private static String sh(String script) {
        if (script.indexOf('\'') >= 0 || script.indexOf('!') >= 0 || script.indexOf('\n') >= 0) {
            throw new IllegalStateException("script cannot be single-quoted for every shell: " + script);
        }
        return "sh -c '" + script + "'";
    }
}
