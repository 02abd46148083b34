package dev.holdfast.testing;

import dev.holdfast.ssh.ConnectSpec;
import dev.holdfast.ssh.HostKeyCheck;
import dev.holdfast.ssh.Interaction;
import dev.holdfast.ssh.Secret;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answers a connection's questions from a script, and records every question asked, so a test can
 * check both what the connector asked and what it did with the answers. An empty script answers
 * "cancel".
 */
public final class ScriptedInteraction implements Interaction {
    private final Deque<HostKeyDecision> hostKeyAnswers = new ArrayDeque<>();
    private final Deque<Optional<Secret>> secretAnswers = new ArrayDeque<>();
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final List<HostKeyCheck> hostKeyQuestions = new CopyOnWriteArrayList<>();
    private final List<String> notSaved = new CopyOnWriteArrayList<>();

    public ScriptedInteraction hostKey(HostKeyDecision decision) {
        hostKeyAnswers.add(decision);
        return this;
    }

    public ScriptedInteraction secret(String value, boolean remember) {
        secretAnswers.add(Optional.of(new Secret(value.toCharArray(), remember)));
        return this;
    }

    public ScriptedInteraction cancelSecret() {
        secretAnswers.add(Optional.empty());
        return this;
    }

    /** Each question as "kind detail", for example "password 2" or "passphrase id_ed25519 1". */
    public List<String> questions() {
        return List.copyOf(questions);
    }

    public List<HostKeyCheck> hostKeyQuestions() {
        return List.copyOf(hostKeyQuestions);
    }

    public List<String> progress() {
        return List.copyOf(progress);
    }

    /** Each report of an accepted host key that could not be saved, as "file: error". */
    public List<String> notSaved() {
        return List.copyOf(notSaved);
    }

    @Override
    public void hostKeyNotSaved(ConnectSpec spec, Path file, String error) {
        notSaved.add(file + ": " + error);
    }

    @Override
    public void progress(String step) {
        progress.add(step);
    }

    @Override
    public synchronized HostKeyDecision unknownHostKey(ConnectSpec spec, HostKeyCheck check) {
        questions.add("host-key " + check.presented().sha256Fingerprint());
        hostKeyQuestions.add(check);
        HostKeyDecision answer = hostKeyAnswers.poll();
        return answer == null ? HostKeyDecision.CANCEL : answer;
    }

    @Override
    public synchronized Optional<Secret> password(ConnectSpec spec, int attempt) {
        questions.add("password " + attempt);
        return next();
    }

    @Override
    public synchronized Optional<Secret> passphrase(ConnectSpec spec, Path keyFile, int attempt) {
        questions.add("passphrase " + keyFile.getFileName() + " " + attempt);
        return next();
    }

    @Override
    public synchronized Optional<Secret> keyboardInteractive(ConnectSpec spec, KeyboardPrompt prompt) {
        questions.add("prompt " + prompt.prompt().trim());
        return next();
    }

    private Optional<Secret> next() {
        Optional<Secret> answer = secretAnswers.poll();
        return answer == null ? Optional.empty() : answer;
    }
}
