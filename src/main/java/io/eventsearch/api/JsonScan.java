package io.eventsearch.api;

/**
 * Finds where JSON values begin and end in UTF-8 text that is known to be well formed (what OpenSearch returned),
 * without reading them: the bytes of a value can then be copied as they are. Every method takes the index of a
 * value's first byte and returns the index just past it.
 */
final class JsonScan {

    private JsonScan() {
    }

    /** The first index from {@code i} that is not JSON whitespace. */
    static int skipWhitespace(byte[] text, int i) {
        while (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t') {
            i++;
        }
        return i;
    }

    /** Past the value that starts at {@code i}: a string, object, array, number or literal. */
    static int valueEnd(byte[] text, int i) {
        return switch (text[i]) {
            case '"' -> stringEnd(text, i);
            case '{', '[' -> containerEnd(text, i);
            default -> {
                int end = i;
                while (!endsScalar(text[end])) {
                    end++;
                }
                yield end;
            }
        };
    }

    /** Past the closing quote of the string whose opening quote is at {@code i}. */
    static int stringEnd(byte[] text, int i) {
        int end = i + 1;
        while (text[end] != '"') {
            end += text[end] == '\\' ? 2 : 1; // an escaped quote or backslash is not the end
        }
        return end + 1;
    }

    /** Whether the string at {@code i} (its opening quote) has escapes between {@code i} and {@code end}. */
    static boolean hasEscapes(byte[] text, int i, int end) {
        for (int k = i + 1; k < end - 1; k++) {
            if (text[k] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Whether the value at {@code i} is the literal {@code null}. */
    static boolean isNull(byte[] text, int i) {
        return text[i] == 'n';
    }

    private static int containerEnd(byte[] text, int i) {
        int depth = 0;
        int k = i;
        do {
            switch (text[k]) {
                case '"' -> k = stringEnd(text, k) - 1;
                case '{', '[' -> depth++;
                case '}', ']' -> depth--;
                default -> {
                }
            }
            k++;
        } while (depth > 0);
        return k;
    }

    private static boolean endsScalar(byte b) {
        return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
