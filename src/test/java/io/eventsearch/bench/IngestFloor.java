package io.eventsearch.bench;

import java.nio.charset.StandardCharsets;

import io.eventsearch.api.RequestBodies;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;

/**
 * The floor under the service's ingest CPU: a bare Helidon server, configured as the service is (its {@code server}
 * section and environment), that reads each ingest body whole into one array as the service does and answers a
 * report of a thousand created items made once, without parsing, enriching or storing anything. What it takes per
 * event is what Helidon and the kernel take to receive the batch and send the answer: no ingest path built on this
 * server can use less. Run as a process of its own by {@code scripts/bench --ingest-cost}.
 */
public final class IngestFloor {

    private static final int ITEMS = 1000;

    private IngestFloor() {
    }

    public static void main(String[] args) {
        byte[] report = report();
        Config config = Config.create();
        WebServer.builder()
                .config(config.get("server"))
                .routing(routing -> routing
                        .get("/observe/health", (req, res) -> res.send("{}"))
                        .post("/ingest/{stream}", (req, res) -> {
                            RequestBodies.read(req, 10L << 20, "events");
                            res.header(HeaderNames.CONTENT_TYPE, "application/json").send(report);
                        }))
                .build()
                .start();
    }

    /** What the service answers a thousand stored events, in size and shape. */
    private static byte[] report() {
        StringBuilder json = new StringBuilder("{\"stream\":\"release-downloads\",\"created\":" + ITEMS
                + ",\"alreadyPresent\":0,\"rejected\":0,\"notStored\":0,\"items\":[");
        for (int i = 0; i < ITEMS; i++) {
            json.append(i > 0 ? "," : "").append("{\"position\":").append(i).append(",\"id\":\"dl-")
                    .append(1_000_000 + i).append("\",\"status\":\"created\"}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
