package io.eventsearch.query;

/**
 * A query the stream cannot answer: a field it does not have, an operator the field's type does not allow.
 * Adapters check their own parameters first; this is the translator's last line, and names the field.
 */
public final class InvalidQueryException extends RuntimeException {

    private final String field;

    public InvalidQueryException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
