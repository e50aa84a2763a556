package io.eventsearch.store;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.mapping.DynamicMapping;
import org.opensearch.client.opensearch.core.GetResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * The API keys, in an OpenSearch index of their own so that every service instance sees the same ones. A key is
 * stored only as its SHA-256 hash, which is also the document id: authenticating a key is one realtime GET. Keys are
 * never deleted, only marked revoked, so a revoked key can be told from one that never existed.
 */
public final class ApiKeyIndex {

    public static final String INDEX = "event-search-api-keys";
    /** How many keys one tenant may list; the admin API refuses to create more. */
    public static final int MAX_KEYS_PER_TENANT = 1000;

    /** A stored key, without the key itself. */
    public record StoredKey(String id, String tenant, String name, Instant createdAt, Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    private final OpenSearchClient client;
    private final AtomicBoolean indexReady = new AtomicBoolean();

    public ApiKeyIndex(OpenSearchClient client) {
        this.client = client;
    }

    /** Stores a new key by its hash; visible to searches when this returns. */
    public StoredKey create(String keyHash, String id, String tenant, String name, Instant now) {
        StoredKey key = new StoredKey(id, tenant, name, now, null);
        run(() -> client.create(c -> c.index(INDEX).id(keyHash).document(source(key)).refresh(Refresh.WaitFor)));
        return key;
    }

    /** The key with this hash, revoked or not. */
    public Optional<StoredKey> byHash(String keyHash) {
        return run(() -> {
            GetResponse<Map<String, Object>> found = client.get(g -> g.index(INDEX).id(keyHash), StoreReads.SOURCE);
            return found.found() ? Optional.of(key(found.source())) : Optional.<StoredKey>empty();
        });
    }

    /** The tenant's active keys, oldest first. */
    public List<StoredKey> active(String tenant) {
        return run(() -> search(tenant, null).hits().hits().stream().map(hit -> key(hit.source()))
                .filter(StoredKey::active).toList());
    }

    /** Marks the tenant's key {@code id} revoked; empty when the tenant has no such active key. */
    public Optional<StoredKey> revoke(String tenant, String id, Instant now) {
        return run(() -> {
            List<Hit<Map<String, Object>>> hits = search(tenant, id).hits().hits();
            if (hits.isEmpty() || !key(hits.get(0).source()).active()) {
                return Optional.<StoredKey>empty();
            }
            Map<String, Object> revoked = new LinkedHashMap<>(hits.get(0).source());
            revoked.put("revoked_at", now.toEpochMilli());
            client.index(i -> i.index(INDEX).id(hits.get(0).id()).document(revoked).refresh(Refresh.WaitFor));
            return Optional.of(key(revoked));
        });
    }

    private SearchResponse<Map<String, Object>> search(String tenant, String id) throws IOException {
        return client.search(s -> s.index(INDEX).size(MAX_KEYS_PER_TENANT)
                .query(q -> q.bool(b -> {
                    b.filter(f -> f.term(t -> t.field("tenant").value(FieldValue.of(tenant))));
                    if (id != null) {
                        b.filter(f -> f.term(t -> t.field("id").value(FieldValue.of(id))));
                    }
                    return b;
                }))
                .sort(o -> o.field(f -> f.field("created_at").order(SortOrder.Asc)))
                .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc))), StoreReads.SOURCE);
    }

    private void ensureIndex() throws IOException {
        if (indexReady.get()) {
            return;
        }
        try {
            client.indices().create(c -> c.index(INDEX)
                    .settings(s -> s.numberOfShards(1).autoExpandReplicas("0-1"))
                    .mappings(m -> m.dynamic(DynamicMapping.Strict)
                            .properties("id", p -> p.keyword(k -> k))
                            .properties("tenant", p -> p.keyword(k -> k))
                            .properties("name", p -> p.keyword(k -> k))
                            .properties("created_at", p -> p.date(d -> d.format("epoch_millis")))
                            .properties("revoked_at", p -> p.date(d -> d.format("epoch_millis")))));
        } catch (OpenSearchException e) {
            if (e.error() == null || !"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
        indexReady.set(true);
    }

    private static Map<String, Object> source(StoredKey key) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("id", key.id());
        source.put("tenant", key.tenant());
        source.put("name", key.name());
        source.put("created_at", key.createdAt().toEpochMilli());
        return source;
    }

    private static StoredKey key(Map<String, Object> source) {
        Object revoked = source.get("revoked_at");
        return new StoredKey((String) source.get("id"), (String) source.get("tenant"), (String) source.get("name"),
                Instant.ofEpochMilli(((Number) source.get("created_at")).longValue()),
                revoked == null ? null : Instant.ofEpochMilli(((Number) revoked).longValue()));
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T run(Call<T> call) {
        try {
            ensureIndex();
            return call.run();
        } catch (IOException e) {
            throw new StoreUnavailableException("OpenSearch is unreachable", e);
        } catch (OpenSearchException e) {
            if (e.status() == 429 || e.status() >= 500) {
                throw new StoreUnavailableException("OpenSearch answered " + e.status(), e);
            }
            throw e;
        }
    }

}
