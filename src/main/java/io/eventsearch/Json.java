package io.eventsearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one Jackson configuration of the service. */
public final class Json {

    private Json() {
    }

    public static ObjectMapper mapper() {
        // Handlers run on virtual threads, one per request: Jackson's default per-thread buffer pool would hand every
        // request's parsers and generators fresh buffers. One pool shared by all threads reuses them.
        JsonFactory factory = JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
        ObjectMapper mapper = new ObjectMapper(factory).registerModule(new JavaTimeModule());
        // Events are shallow: a deeply nested body is an attack or a mistake, not an event.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
        return mapper;
    }
}
