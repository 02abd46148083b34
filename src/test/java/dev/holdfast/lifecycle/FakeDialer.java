package dev.holdfast.lifecycle;

import java.util.ArrayList;
import java.util.List;

/** Records every attempt; the test says how each one ends. */
final class FakeDialer implements Dialer<FakeLink> {
    final List<Dialer.Outcome<FakeLink>> attempts = new ArrayList<>();
    int cancelled;

    @Override
    public Dialing dial(Outcome<FakeLink> outcome) {
        attempts.add(outcome);
        return () -> cancelled++;
    }

    Dialer.Outcome<FakeLink> last() {
        return attempts.get(attempts.size() - 1);
    }
}
