package dev.holdfast.ui.sessions;

import dev.holdfast.session.SessionProfile;

/** What the session list asks the main window to do. FX thread. */
public interface SessionActions {
    void newSession();

    void open(SessionProfile profile);

    void edit(SessionProfile profile);

    void duplicate(SessionProfile profile);

    void rename(SessionProfile profile);

    void delete(SessionProfile profile);

    /** Copies the session to the clipboard as an ssh command line. */
    void copyAsCommand(SessionProfile profile);

    /** Copies the session to the clipboard as an ssh_config Host block. */
    void copyAsConfig(SessionProfile profile);
}
