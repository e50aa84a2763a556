package io.eventsearch.stream;

/** The storage type of one event field, read from the stream's index template mapping. */
public enum FieldType {
    KEYWORD,
    TEXT,
    DATE,
    INTEGER,
    LONG,
    DOUBLE,
    GEO_POINT;

    static FieldType fromMapping(String path, String mappingType) {
        return switch (mappingType) {
            case "keyword" -> KEYWORD;
            case "text" -> TEXT;
            case "date" -> DATE;
            case "integer", "short", "byte" -> INTEGER;
            case "long" -> LONG;
            case "double", "float" -> DOUBLE;
            case "geo_point" -> GEO_POINT;
            default -> throw new IllegalArgumentException(
                    "field '" + path + "' has mapping type '" + mappingType + "', which streams do not support");
        };
    }

    /** Whether the values are counted (terms aggregations, top values): keywords and whole numbers. */
    public boolean isCounted() {
        return this == KEYWORD || this == INTEGER || this == LONG;
    }

    public boolean isNumeric() {
        return this == INTEGER || this == LONG || this == DOUBLE;
    }
}
