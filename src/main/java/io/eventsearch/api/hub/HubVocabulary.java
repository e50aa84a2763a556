package io.eventsearch.api.hub;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.eventsearch.api.querylang.QueryField;
import io.eventsearch.api.querylang.Vocabulary;
import io.eventsearch.stream.StreamDefinition;

/** Hub's fields ({@link HubQueryField#ALL}), names matched ignoring case; no comparisons, as in Hub. */
final class HubVocabulary implements Vocabulary {

    private final Map<String, HubQueryField> fields;

    HubVocabulary(StreamDefinition stream) {
        for (HubQueryField field : HubQueryField.ALL) {
            field.fields().forEach(path -> stream.field(path).orElseThrow(() ->
                    new IllegalStateException("query field " + field.name() + " reads " + path
                            + ", which the " + stream.name() + " stream lacks")));
        }
        this.fields = HubQueryField.ALL.stream()
                .collect(Collectors.toMap(f -> f.name().toLowerCase(Locale.ROOT), Function.identity()));
    }

    @Override
    public Optional<QueryField> field(String name) {
        return Optional.ofNullable(fields.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The Hub field written {@code name}, with what it reads. */
    Optional<HubQueryField> hubField(String name) {
        return Optional.ofNullable(fields.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public List<String> fieldNames() {
        return HubQueryField.ALL.stream().map(HubQueryField::name).toList();
    }

    @Override
    public boolean comparisons() {
        return false;
    }
}
