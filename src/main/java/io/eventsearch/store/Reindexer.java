package io.eventsearch.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.stream.StreamDefinition;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Moves a stream's indices written under an older template to the current one, since a template shapes only the
 * indices created after it. For each index behind (its mapping records the template version):
 * <ol>
 *   <li>create {@code <period>-r<version>} (the template applies) and hide it from the stream's read alias;</li>
 *   <li>copy every event into it ({@code _reindex} with {@code op_type: create}, keeping each event's {@code _id});</li>
 *   <li>block writes to the old index (ingest answers 503 for those events and producers send them again: nothing
 *       acknowledged is lost) and copy again, which adds only what arrived meanwhile;</li>
 *   <li>compare the counts; on a difference, unblock the old index, drop the new one and stop;</li>
 *   <li>in one atomic alias change: delete the old index, point the period's name (where ingest writes) and the
 *       read alias at the new one.</li>
 * </ol>
 * Readers see the old index until the swap and the new one after, never both. Run again, it resumes: a new index
 * left by an interrupted run is dropped and written afresh.
 */
public final class Reindexer {

    private final RawCalls raw;
    private final Consumer<String> progress;

    public Reindexer(OpenSearchClient client, ObjectMapper mapper, Consumer<String> progress) {
        this.raw = new RawCalls(client, mapper);
        this.progress = progress;
    }

    /** What happened to one index. */
    public record Moved(String from, String to, long events) {
    }

    /** Moves every index of {@code stream} that is behind its current template; returns what it moved. */
    public List<Moved> reindex(StreamDefinition stream) {
        raw.call("PUT", "/_index_template/" + stream.templateName(), stream.template(),
                "apply index template " + stream.templateName());
        JsonNode indices = raw.call("GET", "/" + stream.indexPrefix() + "*?expand_wildcards=open", null,
                "list the indices of " + stream.name(), 404);
        List<Moved> moved = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = indices.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> index = it.next();
            int version = index.getValue().path("mappings").path("_meta").path("template_version").asInt(0);
            if (version >= stream.templateVersion()) {
                continue;
            }
            moved.add(move(stream, index.getKey(), periodName(stream, index.getKey(), index.getValue())));
        }
        if (moved.isEmpty()) {
            progress.accept(stream.name() + ": every index is at template version " + stream.templateVersion());
        }
        return moved;
    }

    /** The name ingest writes the index's period to: the index's own, or the alias an earlier run gave it. */
    private static String periodName(StreamDefinition stream, String index, JsonNode state) {
        Iterator<String> aliases = state.path("aliases").fieldNames();
        while (aliases.hasNext()) {
            String alias = aliases.next();
            if (alias.startsWith(stream.indexPrefix())) {
                return alias;
            }
        }
        return index;
    }

    private Moved move(StreamDefinition stream, String old, String period) {
        String fresh = period + "-r" + stream.templateVersion();
        progress.accept(stream.name() + ": " + old + " -> " + fresh);
        raw.call("DELETE", "/" + fresh, null, "drop " + fresh + " left by an interrupted run", 404);
        raw.call("PUT", "/" + fresh, null, "create " + fresh);
        raw.call("POST", "/_aliases", Map.of("actions", List.of(
                Map.of("remove", Map.of("index", fresh, "alias", stream.readAlias())))), "hide " + fresh + " from readers");
        copy(old, fresh);
        // The add-block API, unlike setting index.blocks.write, returns only after every write already in flight on
        // the index has finished, so the second copy below sees all of them (the setting raced with bulk writes).
        raw.call("PUT", "/" + old + "/_block/write", null, "block writes to " + old);
        try {
            copy(old, fresh);
            long before = count(old);
            long after = count(fresh);
            if (before != after) {
                throw new IllegalStateException(old + " holds " + before + " events but " + fresh + " " + after
                        + "; nothing was changed, " + old + " takes writes again");
            }
            raw.call("POST", "/_aliases", Map.of("actions", List.of(
                    Map.of("remove_index", Map.of("index", old)),
                    Map.of("add", Map.of("index", fresh, "alias", period, "is_write_index", true)),
                    Map.of("add", Map.of("index", fresh, "alias", stream.readAlias())))),
                    "swap " + old + " for " + fresh);
            progress.accept(stream.name() + ": " + period + " now reads and writes " + fresh + " (" + after + " events)");
            return new Moved(old, fresh, after);
        } catch (RuntimeException e) {
            raw.call("PUT", "/" + old + "/_settings", "{\"index.blocks.write\":null}", "unblock " + old, 404);
            raw.call("DELETE", "/" + fresh, null, "drop " + fresh, 404);
            throw e;
        }
    }

    /** Copies every event of {@code from} missing in {@code to}, waiting for the task to finish. */
    private void copy(String from, String to) {
        // A copy reads what is searchable: make every acknowledged event of the source so.
        raw.call("POST", "/" + from + "/_refresh", null, "refresh " + from);
        JsonNode started = raw.call("POST", "/_reindex?wait_for_completion=false&refresh=true", Map.of(
                "conflicts", "proceed",
                "source", Map.of("index", from, "size", 5000),
                "dest", Map.of("index", to, "op_type", "create")), "copy " + from + " to " + to);
        String task = started.path("task").asText();
        JsonNode status;
        do {
            status = raw.call("GET", "/_tasks/" + task + "?wait_for_completion=true&timeout=20s", null,
                    "follow the copy of " + from, 408);
        } while (!status.path("completed").asBoolean());
        JsonNode failures = status.path("response").path("failures");
        if (status.has("error") || (failures.isArray() && !failures.isEmpty())) {
            throw new IllegalStateException("copying " + from + " to " + to + " failed: "
                    + (status.has("error") ? status.get("error") : failures));
        }
    }

    private long count(String index) {
        raw.call("POST", "/" + index + "/_refresh", null, "refresh " + index);
        return raw.call("GET", "/" + index + "/_count", null, "count " + index).path("count").asLong();
    }
}
