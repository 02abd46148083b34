package dev.holdfast.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConnectFailureKindTest {
    @Test
    void onlyCredentialsKeyFilesCancelsAndHostKeyTroubleNeedAPerson() {
        Set<ConnectFailure.Kind> needPerson = EnumSet.allOf(ConnectFailure.Kind.class).stream()
                .filter(ConnectFailure.Kind::needsPerson).collect(Collectors.toCollection(() ->
                        EnumSet.noneOf(ConnectFailure.Kind.class)));
        assertEquals(EnumSet.of(ConnectFailure.Kind.AUTH_FAILED, ConnectFailure.Kind.KEY_FILE,
                ConnectFailure.Kind.CANCELLED, ConnectFailure.Kind.HOST_KEY_CHANGED,
                ConnectFailure.Kind.HOST_KEY_REVOKED, ConnectFailure.Kind.HOST_CERTIFICATE_INVALID,
                ConnectFailure.Kind.HOST_KEY_UNVERIFIABLE), needPerson);
    }

    @Test
    void hostKeyTroubleOffersNoRetryButOtherFailuresDo() {
        assertEquals(false, ConnectFailure.Kind.HOST_KEY_CHANGED.retryable());
        assertEquals(false, ConnectFailure.Kind.HOST_KEY_REVOKED.retryable());
        assertEquals(true, ConnectFailure.Kind.REFUSED.retryable());
        assertEquals(true, ConnectFailure.Kind.HOST_KEY_UNVERIFIABLE.retryable(),
                "Retry by hand works once the person has made the known_hosts file readable");
        assertEquals(true, ConnectFailure.Kind.AUTH_FAILED.retryable(), "a person may retry with another password");
    }
}
