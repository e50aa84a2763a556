package io.eventsearch.store;

import java.util.Iterator;

import io.eventsearch.query.SearchHit;

/**
 * Every event a search matches, in order, read from OpenSearch a batch at a time so that memory stays constant
 * however many there are. Closing it frees the point in time it reads; read it in try-with-resources.
 */
public interface EventScan extends Iterator<SearchHit>, AutoCloseable {

    @Override
    void close();
}
