package io.eventsearch.query;

/**
 * A JSON value's text as UTF-8: {@code length} bytes of {@code bytes} from {@code offset}, often a span of a larger
 * answer (one event's source inside a page). Shared, never copied: nobody writes to the array.
 */
public record JsonText(byte[] bytes, int offset, int length) {

    public JsonText {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("a span of " + length + " bytes from " + offset + " is not within "
                    + bytes.length);
        }
    }
}
