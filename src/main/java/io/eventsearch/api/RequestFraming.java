package io.eventsearch.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Ends the connection after a request that asked for it with {@code Connection: close}, and refuses, before any
 * route runs, the requests whose framing or target is ambiguous, in the error shape of the API
 * the path falls under, and closes the connection after them (what follows an ill-framed request cannot be trusted
 * to start the next one; RFC 9112 section 6.3):
 * <ul>
 *   <li>{@code Transfer-Encoding} together with {@code Content-Length}, or {@code Content-Length} given twice: 400;</li>
 *   <li>a {@code Content-Length} that is not a plain decimal number ({@code -1}, {@code +253}): 400;</li>
 *   <li>a transfer coding other than {@code chunked}: 501;</li>
 *   <li>a request target with bytes outside printable ASCII, or a query whose percent-encoding is malformed or is
 *       not UTF-8 (Helidon would silently turn it into U+FFFD): 400.</li>
 * </ul>
 */
public final class RequestFraming implements Filter {

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");

    private final ErrorShapes shapes;
    private final JsonResponses json;

    public RequestFraming(ErrorShapes shapes, JsonResponses json) {
        this.shapes = shapes;
        this.json = json;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<ApiException> refusal = refusal(req);
        if (refusal.isEmpty()) {
            chain.proceed();
            if (req.headers().contains(HeaderValues.CONNECTION_CLOSE)) {
                // Helidon 4.3 answers "Connection: close" but keeps reading the socket (helidon#12324).
                throw new CloseConnectionException("the client asked to close the connection");
            }
            return;
        }
        json.sendErrorAndClose(res, shapes.forPath(req.path().absolute().rawPath()), refusal.get());
    }

    static Optional<ApiException> refusal(ServerRequest req) {
        String target = req.prologue().uriPath().rawPath() + (req.query().isEmpty() ? "" : "?" + req.query().rawValue());
        if (!target.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.of(ApiException.badRequest("the request target must be printable ASCII; "
                    + "percent-encode other bytes as UTF-8"));
        }
        if (!req.query().isEmpty() && !isUtf8PercentEncoding(req.query().rawValue())) {
            return Optional.of(ApiException.malformedQuery());
        }
        List<String> lengths = req.headers().all(HeaderNames.CONTENT_LENGTH, List::of);
        List<String> codings = req.headers().all(HeaderNames.TRANSFER_ENCODING, List::of);
        if (!codings.isEmpty() && !lengths.isEmpty()) {
            return Optional.of(ApiException.badRequest("a request may not carry both Transfer-Encoding and "
                    + "Content-Length"));
        }
        if (!codings.isEmpty() && !(codings.size() == 1 && codings.get(0).trim().equalsIgnoreCase("chunked"))) {
            return Optional.of(new ApiException(501, "only the chunked transfer coding is understood, not '"
                    + String.join(", ", codings) + "'", null));
        }
        if (lengths.size() > 1) {
            return Optional.of(ApiException.badRequest("Content-Length is given more than once"));
        }
        if (lengths.size() == 1 && !DECIMAL.matcher(lengths.get(0).trim()).matches()) {
            return Optional.of(ApiException.badRequest("Content-Length must be a number of bytes, not '"
                    + UnhandledErrors.printable(lengths.get(0)) + "'"));
        }
        return Optional.empty();
    }

    /** True when every {@code %} starts two hex digits and the bytes they spell are UTF-8. */
    static boolean isUtf8PercentEncoding(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                    || Character.digit(raw.charAt(i + 2), 16) < 0) {
                return false;
            }
            bytes.write(Integer.parseInt(raw, i + 1, i + 3, 16));
            i += 2;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
