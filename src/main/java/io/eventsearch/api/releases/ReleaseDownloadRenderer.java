package io.eventsearch.api.releases;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.eventsearch.api.EventLayout;
import io.eventsearch.api.Listing;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.query.ResultPage;
import io.eventsearch.query.Total;

/**
 * The seed's answer: the bare JSON array of events, every field present in the seed's order (null when unknown),
 * the total in {@code X-Total-Count} (with {@code X-Total-Count-Relation}) and the pages in an RFC 8288 {@code Link}.
 */
final class ReleaseDownloadRenderer implements Listing.Renderer<ReleaseDownloadQuery> {

    /** Every field of the seed's event, in the seed's order, null when unknown; {@code location} always an object. */
    static final EventLayout EVENT = EventLayout.builder(EventLayout.Missing.NULL)
            .values("id", "createdAt", "updatedAt", "releaseId", "releaseVersion", "releaseFileId", "releaseFileName",
                    "productId", "statusCode", "userId", "licenseId")
            .alwaysObject("location", EventLayout.builder(EventLayout.Missing.NULL)
                    .values("ipAddress", "countryCode", "countryName", "regionCode", "regionName", "city", "zipCode",
                            "timeZone", "latitude", "longitude").build())
            .values("errorCode", "errorMessage", "releaseChannel")
            .build();

    private final String path;

    /** @param path the API's path, for the links */
    ReleaseDownloadRenderer(String path) {
        this.path = path;
    }

    @Override
    public Listing.Answer render(ReleaseDownloadQuery request, ResultPage page, ParameterReader parameters) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Total-Count", Long.toString(page.total().value()));
        headers.put("X-Total-Count-Relation", page.total().exact() ? "eq" : "gte");
        String links = links(parameters.all(), request, page);
        if (!links.isEmpty()) {
            headers.put("Link", links);
        }
        return new Listing.Answer(EVENT.list(page.events()), headers);
    }

    private String links(Map<String, List<String>> parameters, ReleaseDownloadQuery request, ResultPage page) {
        List<String> links = new ArrayList<>();
        Total total = page.total();
        long seen = (long) request.page() * request.limit();
        if (seen < total.value() || !total.exact() && page.events().size() == request.limit()) {
            links.add(link(parameters, request.page() + 1, "next"));
        }
        if (request.page() > 1) {
            links.add(link(parameters, request.page() - 1, "prev"));
        }
        links.add(link(parameters, 1, "first"));
        if (total.exact()) {
            long last = Math.max(1, (total.value() + request.limit() - 1) / request.limit());
            links.add(link(parameters, last, "last"));
        }
        return String.join(", ", links);
    }

    private String link(Map<String, List<String>> parameters, long page, String rel) {
        StringBuilder uri = new StringBuilder(path).append('?');
        // The caller's parameters in name order, then the page: links are stable whatever order the request had.
        Map<String, List<String>> next = new TreeMap<>(parameters);
        next.remove("page");
        next = new LinkedHashMap<>(next);
        next.put("page", List.of(Long.toString(page)));
        boolean first = true;
        for (Map.Entry<String, List<String>> parameter : next.entrySet()) {
            for (String value : parameter.getValue()) {
                uri.append(first ? "" : "&").append(encode(parameter.getKey())).append('=').append(encode(value));
                first = false;
            }
        }
        return "<" + uri + ">; rel=\"" + rel + "\"";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("%5B", "[").replace("%5D", "]");
    }
}
