package io.eventsearch.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.opensearch.testcontainers.OpenSearchContainer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The one real OpenSearch of a test run: the cluster at OPENSEARCH_TEST_URL when set (scripts/test sets it), else at
 * OPENSEARCH_URL; else a container when a Docker engine answers; else the local distribution that scripts/opensearch
 * manages. Tests write indices and change templates, so point them only at a cluster meant for tests.
 */
public final class TestOpenSearch {

    private static final String IMAGE = "opensearchproject/opensearch:3.6.0";
    private static final String LOCAL_TEST_PORT = "9250";

    private static URI url;

    private TestOpenSearch() {
    }

    public static synchronized URI url() {
        if (url == null) {
            url = locate();
        }
        return url;
    }

    private static URI locate() {
        for (String variable : new String[] {"OPENSEARCH_TEST_URL", "OPENSEARCH_URL"}) {
            String configured = System.getenv(variable);
            if (configured != null && !configured.isBlank()) {
                return URI.create(configured);
            }
        }
        if (dockerAnswers()) {
            OpenSearchContainer<?> container = new OpenSearchContainer<>(DockerImageName.parse(IMAGE));
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return URI.create(container.getHttpHostAddress());
        }
        return startLocalDistribution();
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static URI startLocalDistribution() {
        Path root = projectRoot();
        try {
            Path log = Files.createTempFile("opensearch-start", ".log");
            ProcessBuilder start = new ProcessBuilder(root.resolve("scripts/opensearch").toString(), "start")
                    .redirectError(log.toFile());
            start.environment().put("OPENSEARCH_PORT", LOCAL_TEST_PORT);
            start.environment().put("OPENSEARCH_HEAP", "512m");
            Process process = start.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("scripts/opensearch start failed:\n" + Files.readString(log));
            }
            return URI.create(out.lines().reduce((a, b) -> b).orElseThrow());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local OpenSearch", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path projectRoot() {
        String root = System.getenv("EVENT_SEARCH_ROOT");
        return Path.of(root != null ? root : System.getProperty("user.dir"));
    }

    /** A raw request to OpenSearch, for assertions on what is stored. */
    public static HttpResponse<String> raw(String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(url().resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
