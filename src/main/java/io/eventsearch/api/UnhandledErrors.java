package io.eventsearch.api;

import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The last line for failures outside the APIs' own handlers, answered in the error shape of the API the path
 * belongs to (the service's own shape elsewhere):
 * <ul>
 *   <li>a path no route serves (Helidon's {@link NotFoundException}): 404;</li>
 *   <li>Helidon's own refusals of a request ({@link HttpException} with a 4xx status): that status;</li>
 *   <li>a query string that cannot be decoded (Helidon decodes lazily, so filters such as the security filter meet
 *       it first): 400;</li>
 *   <li>anything else is a bug: 500 without internals, logged once with its stack trace.</li>
 * </ul>
 */
public final class UnhandledErrors implements ErrorHandler<RuntimeException> {

    private static final System.Logger LOG = System.getLogger(UnhandledErrors.class.getName());

    private final ErrorShapes shapes;
    private final JsonResponses json;

    public UnhandledErrors(ErrorShapes shapes, JsonResponses json) {
        this.shapes = shapes;
        this.json = json;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res, RuntimeException error) {
        String path = req.path().absolute().rawPath();
        json.sendError(res, shapes.forPath(path), answer(req, path, error));
    }

    private static ApiException answer(ServerRequest req, String path, RuntimeException error) {
        try {
            ParameterReader.of(req);
        } catch (ApiException malformedQuery) {
            return malformedQuery;
        }
        if (error instanceof NotFoundException) {
            return ApiException.notFound("nothing is served at " + printable(path));
        }
        if (error instanceof HttpException refused && refused.status().code() >= 400 && refused.status().code() < 500) {
            return new ApiException(refused.status().code(), "the request was refused: "
                    + refused.status().reasonPhrase(), null);
        }
        LOG.log(System.Logger.Level.ERROR, "unexpected failure serving " + req.prologue().method().text() + " "
                + printable(path) + " (request " + RequestLog.facts(req).map(RequestLog.Facts::requestId).orElse("?")
                + ")", error);
        return new ApiException(500, "internal error; the service log has the details", null);
    }

    /** The path as it may be echoed: at most 200 characters, control characters escaped. */
    static String printable(String path) {
        StringBuilder out = new StringBuilder();
        path.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return path.length() > 200 ? out + "..." : out.toString();
    }
}
