package io.eventsearch.stream;

/**
 * One leaf field of a stream, addressed by its dotted path ({@code location.city}).
 *
 * @param path          dotted path in the event document
 * @param type          storage type
 * @param textSubField  the path of a full-text sub-field ({@code location.city.text}), or null when the field has none
 * @param serverOwned   true for fields that the service sets itself (tenant, geo point); producers may not send them
 */
public record StreamField(String path, FieldType type, String textSubField, boolean serverOwned) {

    /** Whether free-text search looks into this field. */
    public boolean searchable() {
        return type == FieldType.TEXT || textSubField != null;
    }

    /** The field that full-text queries address: the text sub-field where there is one. */
    public String searchPath() {
        return textSubField != null ? textSubField : path;
    }
}
