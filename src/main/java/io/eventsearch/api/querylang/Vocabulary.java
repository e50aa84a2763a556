package io.eventsearch.api.querylang;

import java.util.List;
import java.util.Optional;

/**
 * The words one dialect of the query language gives meaning to: its field names, what each field's values mean,
 * and whether comparisons ({@code statusCode >= 400}) are part of it. The grammar is the same for every dialect.
 */
public interface Vocabulary {

    /** The field written {@code name} (dialects match names ignoring case), or empty when there is none. */
    Optional<QueryField> field(String name);

    /** The field names, in the order an error message or a completion lists them. */
    List<String> fieldNames();

    /** Whether {@code <}, {@code <=}, {@code >} and {@code >=} are operators (and so end a word). */
    boolean comparisons();
}
