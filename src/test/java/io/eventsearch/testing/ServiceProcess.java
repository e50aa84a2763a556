package io.eventsearch.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as a process of its own (this JVM's class path, configured through environment variables as in
 * production), for tests that kill it. Started on a fixed port so that clients reach it again after a restart.
 */
public final class ServiceProcess {

    private final int port = freePort();
    private final URI openSearch;
    private final Path jwk;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private String mainClass = "io.eventsearch.Main";
    private Process process;
    private File log;

    public ServiceProcess(URI openSearch, Path jwk) {
        this.openSearch = openSearch;
        this.jwk = jwk;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Options for the service's JVM ({@code -Xmx256m}), before it starts. */
    public ServiceProcess jvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** An environment variable for the service, over the defaults below ({@code GEOIP_DATABASE}), before it starts. */
    public ServiceProcess environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Another main class on the same class path and configuration (a benchmark's bare server), before it starts. */
    public ServiceProcess mainClass(String name) {
        mainClass = name;
        return this;
    }

    /** What the service has written to its standard output and error so far. */
    public String output() throws IOException {
        return Files.readString(log.toPath());
    }

    /** The operating system's id of the running service, to read its CPU time. */
    public long pid() {
        return process.pid();
    }

    /** Starts the service and waits until its health endpoint answers (not necessarily ready). */
    public ServiceProcess start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        log = Files.createTempFile("event-search-process", ".log").toFile();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("SERVER_HOST", "127.0.0.1");
        builder.environment().put("OPENSEARCH_URL", openSearch.toString());
        builder.environment().put("OPENSEARCH_RETRY_ATTEMPTS", "3");
        builder.environment().put("AUTH_JWK_PATH", jwk.toString());
        builder.environment().put("AUTH_ISSUER", TestKeys.ISSUER);
        builder.environment().put("AUTH_AUDIENCE", TestKeys.AUDIENCE);
        builder.environment().put("GEOIP_DATABASE", "");
        builder.environment().putAll(environment);
        process = builder.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                http.send(HttpRequest.newBuilder(uri("/observe/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return this;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the service did not start: " + Files.readString(log.toPath()));
    }

    /** SIGKILL: no shutdown hook, no draining, requests in flight cut. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, without waiting: the service stops accepting and finishes what is in flight. */
    public void terminate() {
        process.destroy();
    }

    /** True when the process exited within {@code bound}. */
    public boolean exitsWithin(Duration bound) throws InterruptedException {
        return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int port() {
        return port;
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
