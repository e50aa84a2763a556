package io.eventsearch.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An OpenSearch node of a test's own, or a cluster of several on consecutive ports, started with scripts/opensearch
 * beside the suite's node, for tests that kill OpenSearch: the shared node must stay up for the others.
 */
public final class LocalNode implements AutoCloseable {

    private final int port;
    private final int nodes;
    private final Path data;
    private String urls;

    public LocalNode(int port) throws IOException {
        this(port, 1);
    }

    /** A cluster of {@code nodes} nodes answering on {@code port}, {@code port + 1}... */
    public LocalNode(int port, int nodes) throws IOException {
        this.port = port;
        this.nodes = nodes;
        this.data = Files.createTempDirectory("event-search-node-" + port);
        // Run as root, scripts/opensearch runs the nodes as an unprivileged user, who must reach the data below.
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Starts the nodes that are not running and waits for the whole cluster; the first node's URL. */
    public URI start() throws IOException, InterruptedException {
        String out = script("start");
        urls = out.lines().reduce((a, b) -> b).orElseThrow().trim();
        return URI.create(urls.split(",")[0]);
    }

    /** Every node's URL, separated by commas, as OPENSEARCH_URL takes them. */
    public String urls() {
        return urls;
    }

    /** SIGKILL of the node's process: what a crash or an OOM-killer does. */
    public void kill() throws IOException, InterruptedException {
        kill(1);
    }

    /** SIGKILL of node {@code k} (1-based) of the cluster. */
    public void kill(int k) throws IOException, InterruptedException {
        Path pidFile = Path.of(script("home").trim()).getParent().resolve("node-" + (port + k - 1))
                .resolve("opensearch.pid");
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
        builder.environment().put("OPENSEARCH_DATA", data.resolve("data").toString());
        builder.environment().put("OPENSEARCH_NODES", Integer.toString(nodes));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 && !command.equals("stop")) {
            throw new IllegalStateException("scripts/opensearch " + command + " failed: " + out);
        }
        return out;
    }
}
