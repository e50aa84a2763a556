package io.eventsearch.query;

import java.io.IOException;

/**
 * Finds where JSON values begin and end in UTF-8 text that is known to be well formed (what OpenSearch returned),
 * without reading them: the bytes of a value can then be copied as they are. Every method takes the index of a
 * value's first byte and returns the index just past it.
 */
public final class JsonScan {

    private JsonScan() {
    }

    /** The first index from {@code i} that is not JSON whitespace. */
    public static int skipWhitespace(byte[] text, int i) {
        while (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t') {
            i++;
        }
        return i;
    }

    /** Past the value that starts at {@code i}: a string, object, array, number or literal. */
    public static int valueEnd(byte[] text, int i) {
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
    public static int stringEnd(byte[] text, int i) {
        int end = i + 1;
        while (text[end] != '"') {
            end += text[end] == '\\' ? 2 : 1; // an escaped quote or backslash is not the end
        }
        return end + 1;
    }

    /** Whether the string at {@code i} (its opening quote) has escapes between {@code i} and {@code end}. */
    public static boolean hasEscapes(byte[] text, int i, int end) {
        for (int k = i + 1; k < end - 1; k++) {
            if (text[k] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Whether the value at {@code i} is the literal {@code null}. */
    public static boolean isNull(byte[] text, int i) {
        return text[i] == 'n';
    }

    /** One member of an object, as {@link #members} finds it. */
    @FunctionalInterface
    public interface Member {
        /**
         * The member whose name's quotes are at {@code quote} and {@code nameEnd - 1}, and whose value starts at
         * {@code value}: the index past the value when this reads it, else -1 (it is skipped).
         */
        int read(int quote, int nameEnd, int value) throws IOException;
    }

    /** One element of an array, as {@link #elements} finds it. */
    @FunctionalInterface
    public interface Element {
        /** The element that starts at {@code value}: the index past it when this reads it, else -1 (it is skipped). */
        int read(int value) throws IOException;
    }

    /** Hands each member of the object whose '{' is at {@code start} to {@code member}; the index past its '}'. */
    public static int members(byte[] text, int start, Member member) throws IOException {
        int i = skipWhitespace(text, start + 1);
        while (text[i] == '"') {
            int nameEnd = stringEnd(text, i);
            int value = skipWhitespace(text, skipWhitespace(text, nameEnd) + 1); // past the colon
            int end = member.read(i, nameEnd, value);
            i = next(text, end >= 0 ? end : valueEnd(text, value));
        }
        return i + 1;
    }

    /** Hands each element of the array whose '[' is at {@code start} to {@code element}; the index past its ']'. */
    public static int elements(byte[] text, int start, Element element) throws IOException {
        int i = skipWhitespace(text, start + 1);
        while (text[i] != ']') {
            int end = element.read(i);
            i = next(text, end >= 0 ? end : valueEnd(text, i));
        }
        return i + 1;
    }

    /** Whether the name whose quotes are at {@code quote} and {@code nameEnd - 1} is {@code name}, unescaped ASCII. */
    public static boolean nameIs(byte[] text, int quote, int nameEnd, String name) {
        if (nameEnd - quote - 2 != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (text[quote + 1 + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** From just past a value: past the comma to the next member or element, or at the closing '}' or ']'. */
    private static int next(byte[] text, int end) {
        int i = skipWhitespace(text, end);
        return text[i] == ',' ? skipWhitespace(text, i + 1) : i;
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
