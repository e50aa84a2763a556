package io.eventsearch.security;

import java.util.Set;

/**
 * Who is calling: the tenant whose events they may see and write, taken from their credential and from nowhere else.
 *
 * @param subject the token's subject, for logs
 * @param tenant  the tenant of every event they read or write
 * @param scopes  what they may do
 */
public record Caller(String subject, String tenant, Set<String> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }
}
