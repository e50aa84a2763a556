package io.eventsearch.api.querylang;

import io.eventsearch.query.Filter;

/** A field of a query dialect: its name as written, and the condition a value makes of it. */
public interface QueryField {

    /** The operators a field may be written with. */
    enum Operator {
        /** {@code field: value}, or several values meaning either */
        EQUALS(":"), GREATER(">"), AT_LEAST(">="), LESS("<"), AT_MOST("<=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** The name as written in queries. */
    String name();

    /** What a value of the field is, in the words of an error message ("an instant ..."). */
    String accepts();

    /** What the field selects, for editors' suggestions. */
    default String meaning() {
        return accepts();
    }

    /**
     * The condition {@code field op value} makes; an {@link IllegalArgumentException} whose message says what a value
     * of the field must be (the parser adds where) when the value or the operator does not fit the field.
     */
    Filter condition(Operator operator, String value);
}
