package io.eventsearch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.eventsearch.Json;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

/**
 * A request whose thread a graceful stop interrupted while it read the request's first line (Helidon 4.3 decides to
 * interrupt from a flag it reads racily) is served in full: the stop is meant for connections waiting for a request.
 */
@RoutingTest
class RequestLogRoutingTest {

    private final DirectClient client;

    RequestLogRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        JsonResponses json = new JsonResponses(Json.mapper());
        routing.addFilter((chain, req, res) -> {
            Thread.currentThread().interrupt(); // what Http1Connection.close(false) does in that race
            chain.proceed();
        });
        routing.addFilter(new RequestLog(json, new UnhandledErrors(new ErrorShapes(List.of()), json)));
        routing.get("/waits", (req, res) -> {
            // Any interruptible wait, as a bulk write waiting for OpenSearch's answer: this one has nothing to wait
            // for, and fails at once only when the thread is interrupted.
            new CountDownLatch(0).await();
            res.send("served");
        });
    }

    @Test
    void aRequestInterruptedBeforeItsHandlerIsServedInFull() {
        try (Http1ClientResponse answer = client.get("/waits").request()) {
            assertThat(answer.status().code()).isEqualTo(200);
            assertThat(answer.as(String.class)).isEqualTo("served");
        }
    }
}
