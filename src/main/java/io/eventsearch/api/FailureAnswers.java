package io.eventsearch.api;

import java.util.Map;
import java.util.Optional;

import io.eventsearch.ingest.InvalidBatchException;
import io.eventsearch.query.InvalidQueryException;
import io.eventsearch.security.AuthenticationFailure;
import io.eventsearch.security.Authenticator;
import io.eventsearch.store.PositionExpiredException;
import io.eventsearch.store.StaleReadException;
import io.eventsearch.store.StoreUnavailableException;

/**
 * The one place where the failures of the layers below become HTTP answers. Those layers know nothing of HTTP:
 * they say what went wrong, and each API renders the answer chosen here in its own error shape.
 */
final class FailureAnswers {

    private FailureAnswers() {
    }

    /** The answer to {@code failure}, or empty when it is unexpected (a bug: answered 500 and logged). */
    static Optional<ApiException> of(RuntimeException failure, Authenticator authenticator) {
        return Optional.ofNullable(switch (failure) {
            case ApiException answer -> answer;
            case AuthenticationFailure refused -> switch (refused.reason()) {
                case AMBIGUOUS -> ApiException.badRequest(refused.getMessage());
                case UNAUTHENTICATED -> new ApiException(401, refused.getMessage(), null,
                        Map.of("WWW-Authenticate", authenticator.challenge()));
                case FORBIDDEN -> new ApiException(403, refused.getMessage(), null);
            };
            case InvalidQueryException invalid -> new ApiException(400, invalid.getMessage(), invalid.field());
            case InvalidBatchException batch -> new ApiException(batch.tooLarge() ? 413 : 400, batch.getMessage(), null);
            case StoreUnavailableException unavailable ->
                    ApiException.unavailable("the event store is unavailable; try again shortly");
            case PositionExpiredException expired -> new ApiException(410, "the cursor has expired (a cursor lives "
                    + "for a while after its last page); start again without cursor", "cursor");
            case StaleReadException stale -> new ApiException(409, "the events changed while this page was read (an "
                    + "index was removed by retention, or a deep walk took too long); ask again", null);
            default -> null;
        });
    }
}
