package io.eventsearch.ingest;

/**
 * A batch that cannot be read as events at all (as opposed to one event in it that is rejected on its own): the
 * ingest API answers it 400, or 413 when it is {@link #tooLarge()}.
 */
public final class InvalidBatchException extends RuntimeException {

    private final boolean tooLarge;

    private InvalidBatchException(String message, boolean tooLarge) {
        super(message, null, false, false);
        this.tooLarge = tooLarge;
    }

    /** The body is not a JSON array or NDJSON of events. */
    public static InvalidBatchException malformed(String message) {
        return new InvalidBatchException(message, false);
    }

    /** The batch holds more than the service takes at once. */
    public static InvalidBatchException tooLarge(String message) {
        return new InvalidBatchException(message, true);
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
