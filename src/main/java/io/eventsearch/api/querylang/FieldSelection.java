package io.eventsearch.api.querylang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hub's partial responses: which fields of an answer to return.
 * <pre>
 * Selection ::= Item ("," Item)*
 * Item      ::= Name "(" Selection ")" | Name ("/" Name)*
 * </pre>
 * {@code skip,top,total,events(id,timestamp,changes(field,newValue))} and {@code events/changes/field} both work; a
 * name without a sub-selection selects all of it. Names are checked against the shape of the answer, so an unknown
 * field is refused rather than silently left out.
 *
 * @param children the selected names and what is selected below each; empty means everything
 */
public record FieldSelection(Map<String, FieldSelection> children) {

    /** Every field. */
    public static final FieldSelection ALL = new FieldSelection(Map.of());

    /** What an answer may hold: each name with the shape below it (empty for a plain value). */
    public record Shape(Map<String, Shape> fields) {

        public static Shape of(Object... namesAndShapes) {
            Map<String, Shape> fields = new LinkedHashMap<>();
            for (int i = 0; i < namesAndShapes.length; i++) {
                String name = (String) namesAndShapes[i];
                Shape below = i + 1 < namesAndShapes.length && namesAndShapes[i + 1] instanceof Shape s ? s : LEAF;
                if (below != LEAF) {
                    i++;
                }
                fields.put(name, below);
            }
            return new Shape(fields);
        }

        public static final Shape LEAF = new Shape(Map.of());
    }

    /** The selection is refused: the message says what and where. */
    public static final class InvalidSelection extends RuntimeException {
        InvalidSelection(String message) {
            super(message, null, false, false);
        }
    }

    public boolean includes(String name) {
        return children.isEmpty() || children.containsKey(name);
    }

    /** What is selected below {@code name}; everything when nothing narrower was asked. */
    public FieldSelection below(String name) {
        return children.getOrDefault(name, ALL);
    }

    public static FieldSelection parse(String text, Shape shape) {
        Reading reading = new Reading(text);
        FieldSelection selection = reading.selection(shape, "");
        if (reading.pos < text.length()) {
            throw new InvalidSelection("unexpected '" + text.charAt(reading.pos) + "' at " + reading.pos);
        }
        return selection;
    }

    private static final class Reading {
        private final String text;
        private int pos;

        Reading(String text) {
            this.text = text;
        }

        FieldSelection selection(Shape shape, String parent) {
            Map<String, FieldSelection> selected = new LinkedHashMap<>();
            do {
                List<String> path = new ArrayList<>(List.of(name()));
                while (pos < text.length() && text.charAt(pos) == '/') {
                    pos++;
                    path.add(name());
                }
                merge(selected, path, shape, parent);
            } while (pos < text.length() && text.charAt(pos) == ',' && ++pos > 0);
            return new FieldSelection(selected);
        }

        /** Adds one path (a/b/c, or a with a parenthesised selection after it) to {@code selected}. */
        private void merge(Map<String, FieldSelection> selected, List<String> path, Shape shape, String parent) {
            String name = path.get(0);
            Shape below = shape.fields().get(name);
            if (below == null) {
                throw new InvalidSelection("unknown field '" + parent + name + "'; fields here are "
                        + String.join(", ", shape.fields().keySet()));
            }
            FieldSelection child;
            if (path.size() > 1) {
                Map<String, FieldSelection> nested = new LinkedHashMap<>();
                merge(nested, path.subList(1, path.size()), below, parent + name + "/");
                child = new FieldSelection(nested);
            } else if (pos < text.length() && text.charAt(pos) == '(') {
                pos++;
                child = selection(below, parent + name + "/");
                if (pos >= text.length() || text.charAt(pos) != ')') {
                    throw new InvalidSelection("expected ')' at " + pos);
                }
                pos++;
            } else {
                child = ALL;
            }
            selected.merge(name, child, FieldSelection::union);
        }

        private String name() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw new InvalidSelection("expected a field name at " + pos);
            }
            return text.substring(start, pos);
        }
    }

    /** Both selections at once; selecting all of a field wins over selecting part of it. */
    private static FieldSelection union(FieldSelection a, FieldSelection b) {
        if (a.children().isEmpty() || b.children().isEmpty()) {
            return ALL;
        }
        Map<String, FieldSelection> merged = new LinkedHashMap<>(a.children());
        b.children().forEach((name, child) -> merged.merge(name, child, FieldSelection::union));
        return new FieldSelection(merged);
    }
}
