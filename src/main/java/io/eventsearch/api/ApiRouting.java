package io.eventsearch.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.eventsearch.security.Caller;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * Turns the APIs' declarations into routes, the same way for every API: authenticate the caller with the API's
 * authenticator and the endpoint's scope, run the handler, answer refusals (its own, and the failures of the layers
 * below, see {@link FailureAnswers}) in the API's error shape, answer other methods 405 with {@code Allow}, and
 * leave everything unexpected to {@link UnhandledErrors}.
 */
public final class ApiRouting {

    private final List<ApiService> apis;
    private final ErrorShapes shapes;
    private final JsonResponses json;

    /** @param shapes the error shapes of {@code apis}, the same the server's direct answers use */
    public ApiRouting(List<ApiService> apis, ErrorShapes shapes, JsonResponses json) {
        this.apis = List.copyOf(apis);
        this.shapes = shapes;
        this.json = json;
    }

    /**
     * Answers every method but GET on {@code paths} with 405 in the service's own shape: the paths that Helidon's
     * features serve read-only (health, metrics, the OpenAPI document), which would otherwise answer 404.
     */
    public void readOnly(HttpRouting.Builder routing, List<String> paths) {
        ErrorShape shape = new NativeErrorShape();
        for (String path : paths) {
            routing.any(path, (req, res) -> {
                if (req.prologue().method().equals(Method.GET)) {
                    res.next();
                } else {
                    json.sendError(res, shape, methodNotAllowed(req.prologue().method(), "GET"));
                }
            });
        }
    }

    public void register(HttpRouting.Builder routing) {
        UnhandledErrors errors = new UnhandledErrors(shapes, json);
        routing.addFilter(new RequestLog(json, errors));
        routing.addFilter(new RequestFraming(shapes, json));
        for (ApiService api : apis) {
            HttpService service = rules -> define(api, rules);
            routing.register(api.mount(), service);
        }
        routing.error(RuntimeException.class, errors);
    }

    private void define(ApiService api, HttpRules rules) {
        Map<String, List<Endpoint>> byPath = api.endpoints().stream()
                .collect(Collectors.groupingBy(Endpoint::path, LinkedHashMap::new, Collectors.toList()));
        byPath.forEach((path, endpoints) -> {
            endpoints.forEach(endpoint -> rules.route(endpoint.method(), path, serve(api, endpoint)));
            String allowed = endpoints.stream().map(e -> e.method().text()).collect(Collectors.joining(", "));
            rules.any(path, refuseMethod(api, allowed));
        });
    }

    private Handler serve(ApiService api, Endpoint endpoint) {
        return (req, res) -> {
            try {
                RequestLog.facts(req).ifPresent(facts -> facts.route(endpoint.fullPath(api.mount())));
                Caller caller = api.authenticator().authenticate(req, endpoint.scope());
                RequestLog.facts(req).ifPresent(facts -> facts.tenant(caller.tenant()));
                endpoint.handler().handle(caller, req, res);
            } catch (RuntimeException failure) {
                ApiException answer = FailureAnswers.of(failure, api.authenticator()).orElseThrow(() -> failure);
                json.sendRefusal(req, res, api.errorShape(), answer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private Handler refuseMethod(ApiService api, String allowed) {
        return (req, res) -> json.sendError(res, api.errorShape(), methodNotAllowed(req.prologue().method(), allowed));
    }

    /** A 405 naming the methods that {@code Allow} lists. */
    public static ApiException methodNotAllowed(Method method, String allowed) {
        return new ApiException(405, "method " + method.text() + " is not allowed here; use " + allowed, null,
                Map.of("Allow", allowed));
    }
}
