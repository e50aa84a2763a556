package io.eventsearch.store;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.helidon.config.Config;

/**
 * Where OpenSearch is and how to reach it (config section {@code opensearch}; defaults in application.yaml).
 *
 * @param urls            base URLs of one cluster's nodes, http or https: the client spreads requests over them and
 *                        leaves out, for a while, a node that does not answer
 * @param username        basic-auth user, empty for none
 * @param password        basic-auth password (never logged)
 * @param writeAttempts   how many times a bulk write is tried before the service answers 503
 * @param firstBackoff    the longest pause before the second attempt; the bound doubles up to {@code maxBackoff}
 *                        and each pause is drawn below it (jitter), so that instances pushed back together do
 *                        not come back together
 * @param maxBackoff      the longest pause between attempts
 * @param connectTimeout  how long opening a connection to a node may take
 * @param responseTimeout how long a request may wait for OpenSearch's answer before it counts as failed
 */
public record OpenSearchSettings(List<URI> urls, String username, String password,
                                 int writeAttempts, Duration firstBackoff, Duration maxBackoff,
                                 Duration connectTimeout, Duration responseTimeout) {

    public OpenSearchSettings {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("opensearch.url names no node");
        }
        if (writeAttempts < 1) {
            throw new IllegalArgumentException("opensearch.retry.attempts must be at least 1, not " + writeAttempts);
        }
        requirePositive("opensearch.retry.backoff.first", firstBackoff);
        requirePositive("opensearch.retry.backoff.max", maxBackoff);
        requirePositive("opensearch.timeout.connect", connectTimeout);
        requirePositive("opensearch.timeout.response", responseTimeout);
    }

    public static OpenSearchSettings from(Config config) {
        return new OpenSearchSettings(
                parseUrls(config.get("url").asString().get()),
                config.get("username").asString().get(),
                config.get("password").asString().get(),
                config.get("retry.attempts").asInt().get(),
                Duration.ofMillis(config.get("retry.backoff.first").asLong().get()),
                Duration.ofMillis(config.get("retry.backoff.max").asLong().get()),
                Duration.ofMillis(config.get("timeout.connect").asLong().get()),
                Duration.ofMillis(config.get("timeout.response").asLong().get()));
    }

    /** One URL, or several separated by commas: the nodes of one cluster. */
    static List<URI> parseUrls(String text) {
        List<URI> urls = new ArrayList<>();
        for (String part : text.split(",")) {
            String url = part.strip();
            if (url.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("opensearch.url is not a usable URL: " + url, e);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("opensearch.url must be http(s)://host:port, not " + url);
            }
            urls.add(uri);
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("opensearch.url names no node: '" + text + "'");
        }
        return urls;
    }

    /** The nodes, as configured, for logs and health answers (credentials live apart, never in the URLs). */
    public String describeUrls() {
        return urls.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive number of milliseconds, not "
                    + value.toMillis());
        }
    }

    @Override
    public String toString() {
        return "OpenSearchSettings[urls=" + describeUrls() + ", username=" + username + ", password=***]";
    }
}
