package io.eventsearch.api;

import java.util.Map;

import io.eventsearch.ingest.InvalidBatchException;
import io.eventsearch.query.InvalidQueryException;
import io.eventsearch.security.AuthenticationFailure;
import io.eventsearch.security.Authenticator;
import io.eventsearch.security.Caller;
import io.eventsearch.store.StaleReadException;
import io.eventsearch.store.StoreUnavailableException;
import io.helidon.webserver.http.ServerRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each failure of the layers below becomes one answer; what nobody expected stays unanswered here (a 500). */
class FailureAnswersTest {

    private final Authenticator bearer = new Authenticator() {
        @Override
        public Caller authenticate(ServerRequest req, String requiredScope) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String challenge() {
            return "Bearer";
        }

        @Override
        public String credentialHeader() {
            return "Authorization";
        }
    };

    private ApiException answer(RuntimeException failure) {
        return FailureAnswers.of(failure, bearer).orElseThrow();
    }

    @Test
    void mapsEveryKnownFailureToItsStatus() {
        assertThat(answer(new AuthenticationFailure(AuthenticationFailure.Reason.AMBIGUOUS, "two")).status()).isEqualTo(400);
        ApiException unauthenticated = answer(new AuthenticationFailure(AuthenticationFailure.Reason.UNAUTHENTICATED, "x"));
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.headers()).isEqualTo(Map.of("WWW-Authenticate", "Bearer"));
        assertThat(answer(new AuthenticationFailure(AuthenticationFailure.Reason.FORBIDDEN, "scope")).status()).isEqualTo(403);
        ApiException invalid = answer(new InvalidQueryException("statusCode", "bad"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.parameter()).isEqualTo("statusCode");
        assertThat(answer(InvalidBatchException.malformed("x")).status()).isEqualTo(400);
        assertThat(answer(InvalidBatchException.tooLarge("x")).status()).isEqualTo(413);
        ApiException unavailable = answer(new StoreUnavailableException("down", null));
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.headers()).containsKey("Retry-After");
        ApiException stale = answer(new StaleReadException("gone", null));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.getMessage()).contains("ask again");
    }

    @Test
    void leavesTheUnexpectedUnanswered() {
        assertThat(FailureAnswers.of(new IllegalStateException("bug"), bearer)).isEmpty();
    }
}
