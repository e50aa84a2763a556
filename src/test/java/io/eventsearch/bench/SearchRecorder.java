package io.eventsearch.bench;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import io.eventsearch.testing.HttpRelay;

/**
 * A relay in front of OpenSearch that remembers every search the service sends, so that the benchmark can send
 * the identical request straight to OpenSearch: the direct side of the comparison is what the service asked for,
 * not a hand-written approximation that drifts from the translator.
 */
final class SearchRecorder extends HttpRelay {

    /** One search as the service sent it. */
    record Search(String pathAndQuery, byte[] body) {
    }

    private final List<Search> searches = new CopyOnWriteArrayList<>();

    SearchRecorder(URI target) throws IOException {
        super(target);
    }

    List<Search> searches() {
        return List.copyOf(searches);
    }

    @Override
    protected void relay(HttpExchange exchange, String pathAndQuery, byte[] body)
            throws IOException, InterruptedException {
        if (pathAndQuery.contains("/_search")) {
            searches.add(new Search(pathAndQuery, body));
        }
        answer(exchange, forward(exchange, pathAndQuery, body));
    }
}
