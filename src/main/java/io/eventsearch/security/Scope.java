package io.eventsearch.security;

/** The scopes (space-separated {@code scope} claim) that open each API. */
public final class Scope {

    public static final String RELEASE_DOWNLOAD_READ = "releaseDownloadEvent:read";
    public static final String HUB_READ = "hubEvent:read";
    public static final String AUDIT_READ = "auditEvent:read";
    public static final String EVENTS_WRITE = "events:write";
    public static final String EVENTS_READ = "events:read";
    public static final String API_KEYS_WRITE = "apiKeys:write";

    private Scope() {
    }
}
