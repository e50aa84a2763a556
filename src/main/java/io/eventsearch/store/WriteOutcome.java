package io.eventsearch.store;

/** What became of one document write. */
public sealed interface WriteOutcome {

    /** Stored now. */
    record Created() implements WriteOutcome {
    }

    /** A document with the same id was stored before: the write was a retry and changed nothing. */
    record AlreadyPresent() implements WriteOutcome {
    }

    /** OpenSearch refused the document itself (for example a value its mapping cannot take); retrying will not help. */
    record Rejected(String reason) implements WriteOutcome {
    }

    /** Not stored: OpenSearch was unreachable or pushed back through every attempt. Safe to send again. */
    record NotStored(String reason) implements WriteOutcome {
    }
}
