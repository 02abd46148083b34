package dev.holdfast.ui.terminal;

import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.HostKeyCheck;
import dev.holdfast.ssh.Interaction;
import dev.holdfast.ssh.Secret;
import dev.holdfast.ui.FxThread;
import dev.holdfast.ui.dialogs.Dialogs;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

/**
 * Answers a connection's questions with dialogs. The connecting thread waits for the answer; the FX
 * thread only shows the dialog and carries on. Closing the tab cancels every open question.
 */
final class FxInteraction implements Interaction {
    private final Supplier<Window> owner;
    private final Set<Dialog<?>> showing = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    /** @param owner the window dialogs belong to */
    FxInteraction(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void progress(String step) {
        // nothing to show here: an attempt's steps reach the tab through its lifecycle (SshDialer)
    }

    @Override
    public HostKeyDecision unknownHostKey(ConnectSpec spec, HostKeyCheck check) {
        return ask(answer -> ConnectDialogs.unknownHostKey(owner.get(), spec, check, answer::complete),
                HostKeyDecision.CANCEL);
    }

    /** Shown as a message that does not wait for the person: the connection goes on meanwhile. */
    @Override
    public void hostKeyNotSaved(ConnectSpec spec, Path file, String error) {
        FxThread.run(() -> Dialogs.error(owner.get(), "The host key of " + spec.endpoint() + " was not saved",
                Interaction.notSavedMessage(file, error)));
    }

    @Override
    public Optional<Secret> password(ConnectSpec spec, int attempt) {
        String header = attempt == 1 ? "Password for " + spec.target()
                : "The server refused that password. Try again for " + spec.target();
        return ask(answer -> ConnectDialogs.secret(owner.get(), "Password", header, "Password", false,
                answer::complete), Optional.empty());
    }

    @Override
    public Optional<Secret> passphrase(ConnectSpec spec, Path keyFile, int attempt) {
        String header = (attempt == 1 ? "The key file is protected by a passphrase:\n"
                : "That passphrase did not unlock the key. Try again:\n") + keyFile;
        return ask(answer -> ConnectDialogs.secret(owner.get(), "Key passphrase", header, "Passphrase", false,
                answer::complete), Optional.empty());
    }

    @Override
    public Optional<Secret> keyboardInteractive(ConnectSpec spec, KeyboardPrompt prompt) {
        StringBuilder header = new StringBuilder(spec.target());
        if (!prompt.name().isBlank()) {
            header.append("\n").append(prompt.name().strip());
        }
        if (!prompt.instruction().isBlank()) {
            header.append("\n").append(prompt.instruction().strip());
        }
        String label = prompt.prompt().strip().isEmpty() ? "Answer" : prompt.prompt().strip();
        return ask(answer -> ConnectDialogs.secret(owner.get(), "Authentication", header.toString(), label,
                prompt.echo(), answer::complete), Optional.empty());
    }

    /** Closes every open question, answering "cancel", and answers any later one the same way. */
    void cancelAll() {
        cancelled = true;
        FxThread.run(() -> Set.copyOf(showing).forEach(Dialog::close));
    }

    /** Shows a dialog on the FX thread and waits here, off it, for its answer. */
    private <T> T ask(Function<CompletableFuture<T>, Dialog<?>> show, T cancel) {
        if (cancelled) {
            return cancel;
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        FxThread.run(() -> {
            if (cancelled) {
                answer.complete(cancel);
                return;
            }
            Dialog<?> dialog = show.apply(answer);
            showing.add(dialog);
            dialog.setOnHidden(e -> {
                showing.remove(dialog);
                // the dialog closes itself as soon as its result is set, before result listeners run
                @SuppressWarnings("unchecked")
                T result = (T) dialog.getResult();
                answer.complete(result == null ? cancel : result);
            });
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return cancel;
        } catch (ExecutionException e) {
            return cancel;
        }
    }
}
