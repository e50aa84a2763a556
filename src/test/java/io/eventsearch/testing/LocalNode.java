package io.eventsearch.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An OpenSearch node of a test's own, started with scripts/opensearch on a port beside the suite's node, for tests
 * that kill OpenSearch: the shared node must stay up for the others.
 */
public final class LocalNode implements AutoCloseable {

    private final int port;
    private final Path data;
    private URI url;

    public LocalNode(int port) throws IOException {
        this.port = port;
        this.data = Files.createTempDirectory("event-search-node-" + port);
    }

    public URI start() throws IOException, InterruptedException {
        String out = script("start");
        url = URI.create(out.lines().reduce((a, b) -> b).orElseThrow().trim());
        return url;
    }

    /** SIGKILL of the node's process: what a crash or an OOM-killer does. */
    public void kill() throws IOException, InterruptedException {
        Path pidFile = Path.of(script("home").trim()).getParent().resolve("node-" + port).resolve("opensearch.pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle node = ProcessHandle.of(pid).orElseThrow();
        node.destroyForcibly();
        node.onExit().join();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("stop");
    }

    private String script(String command) throws IOException, InterruptedException {
        Path root = Path.of(System.getenv().getOrDefault("EVENT_SEARCH_ROOT", System.getProperty("user.dir")));
        ProcessBuilder builder = new ProcessBuilder(root.resolve("scripts/opensearch").toString(), command)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("OPENSEARCH_PORT", Integer.toString(port));
        builder.environment().put("OPENSEARCH_HEAP", "512m");
        builder.environment().put("OPENSEARCH_DATA", data.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 && !command.equals("stop")) {
            throw new IllegalStateException("scripts/opensearch " + command + " failed: " + out);
        }
        return out;
    }
}
