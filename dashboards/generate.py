#!/usr/bin/env python3
"""Writes dashboards/event-search.ndjson, the OpenSearch Dashboards saved objects of the event streams, from
index-templates/ (the index patterns' field lists) and the panels declared below. Run it after changing a template
or a panel; DashboardAssetsIntegrationTest fails while the file is stale."""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STREAMS = ["release-downloads", "hub", "audit", "api-usage"]
TYPES = {"keyword": "string", "text": "string", "date": "date", "integer": "number", "long": "number",
         "double": "number", "geo_point": "geo_point"}


def template(stream):
    with open(os.path.join(ROOT, "index-templates", stream + ".json"), encoding="utf-8") as f:
        return json.load(f)


def fields(stream):
    """The index pattern's field list, as Dashboards stores it: every mapped leaf, aliases resolved."""
    mappings = template(stream)["template"]["mappings"]["properties"]
    leaves = {}

    def walk(prefix, properties):
        for name, mapping in properties.items():
            path = prefix + name
            if "properties" in mapping:
                walk(path + ".", mapping["properties"])
                continue
            leaves[path] = mapping
            for sub, sub_mapping in mapping.get("fields", {}).items():
                leaves[path + "." + sub] = sub_mapping

    walk("", mappings)
    out = []
    for path, mapping in sorted(leaves.items()):
        es_type = mapping["type"]
        if es_type == "alias":
            es_type = leaves[mapping["path"]]["type"]
        out.append({"name": path, "type": TYPES[es_type], "esTypes": [es_type], "count": 0, "scripted": False,
                    "searchable": True, "aggregatable": es_type != "text", "readFromDocValues": es_type != "text"})
    for meta, kind in (("_id", "string"), ("_index", "string")):
        out.append({"name": meta, "type": kind, "esTypes": [meta], "count": 0, "scripted": False, "searchable": True,
                    "aggregatable": True, "readFromDocValues": False})
    return out


def index_pattern(stream):
    # The stream's read alias, not a wildcard: it names exactly the indices readers should see (while scripts/reindex
    # copies an index, the copy is outside the alias).
    meta = template(stream)["_meta"]
    return {"id": "events-" + stream, "type": "index-pattern", "attributes": {
        "title": "events-" + stream, "timeFieldName": meta["time_field"],
        "fields": json.dumps(fields(stream), separators=(",", ":"))}, "references": []}


def count():
    return {"id": "1", "enabled": True, "type": "count", "schema": "metric", "params": {}}


def over_time(field, schema="segment"):
    return {"id": "2", "enabled": True, "type": "date_histogram", "schema": schema, "params": {
        "field": field, "interval": "auto", "min_doc_count": 1, "extended_bounds": {}}}


def terms(agg_id, field, size, schema):
    return {"id": agg_id, "enabled": True, "type": "terms", "schema": schema, "params": {
        "field": field, "size": size, "order": "desc", "orderBy": "1", "otherBucket": False,
        "otherBucketLabel": "Other", "missingBucket": False, "missingBucketLabel": "Missing"}}


def visualization(vis_id, stream, title, vis_type, params, aggs, filters=()):
    search = {"query": {"query": "", "language": "kuery"}, "filter": list(filters),
              "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index"}
    state = {"title": title, "type": vis_type, "params": params, "aggs": aggs}
    return {"id": vis_id, "type": "visualization", "attributes": {
        "title": title, "visState": json.dumps(state, separators=(",", ":")), "uiStateJSON": "{}",
        "description": "", "version": 1,
        "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(search, separators=(",", ":"))}},
        "references": [{"name": "kibanaSavedObjectMeta.searchSourceJSON.index", "type": "index-pattern",
                        "id": "events-" + stream}]}


def line(vis_id, stream, title, time_field, split=None):
    aggs = [count(), over_time(time_field)]
    if split:
        aggs.append(terms("3", split, 10, "group"))
    return visualization(vis_id, stream, title, "line", {"type": "line", "addLegend": True, "addTooltip": True,
                                                          "legendPosition": "right"}, aggs)


def table(vis_id, stream, title, field, size=10):
    return visualization(vis_id, stream, title, "table", {"perPage": 10, "showTotal": False},
                         [count(), terms("2", field, size, "bucket")])


def bars(vis_id, stream, title, field, filters=()):
    return visualization(vis_id, stream, title, "histogram", {"type": "histogram", "addLegend": False,
                                                               "addTooltip": True},
                         [count(), terms("2", field, 10, "segment")], filters)


def pie(vis_id, stream, title, field):
    return visualization(vis_id, stream, title, "pie", {"type": "pie", "addLegend": True, "isDonut": True},
                         [count(), terms("2", field, 10, "segment")])


def coordinate_map(vis_id, stream, title, field):
    # Dashboards 2.x draws a geo_point on a coordinate map only through geohash_grid (with geo_centroid).
    return visualization(vis_id, stream, title, "tile_map", {
        "mapType": "Scaled Circle Markers", "isDesaturated": True, "addTooltip": True, "heatClusterSize": 1.5,
        "legendPosition": "bottomright", "mapZoom": 2, "mapCenter": [0, 0]}, [count(), {
            "id": "2", "enabled": True, "type": "geohash_grid", "schema": "segment", "params": {
                "field": field, "autoPrecision": True, "isFilteredByCollar": True, "useGeocentroid": True,
                "mapZoom": 2, "mapCenter": [0, 0], "precision": 2}}])


def failures_filter():
    return {"meta": {"index": "events-release-downloads", "type": "range", "key": "statusCode",
                     "params": {"gte": 400}, "disabled": False, "negate": False, "alias": "failures"},
            "range": {"statusCode": {"gte": 400}}, "$state": {"store": "appState"}}


def dashboard(dash_id, title, panels):
    entries, references = [], []
    for i, vis in enumerate(panels):
        entries.append({"version": "2.11.0", "panelIndex": str(i + 1), "embeddableConfig": {},
                        "gridData": {"x": (i % 2) * 24, "y": (i // 2) * 15, "w": 24, "h": 15, "i": str(i + 1)},
                        "panelRefName": "panel_" + str(i)})
        references.append({"name": "panel_" + str(i), "type": "visualization", "id": vis["id"]})
    return {"id": dash_id, "type": "dashboard", "attributes": {
        "title": title, "hits": 0, "description": "", "timeRestore": False, "version": 1,
        "panelsJSON": json.dumps(entries, separators=(",", ":")),
        "optionsJSON": json.dumps({"hidePanelTitles": False, "useMargins": True}, separators=(",", ":")),
        "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(
            {"query": {"query": "", "language": "kuery"}, "filter": []}, separators=(",", ":"))}},
        "references": references}


release = [
    line("release-downloads-over-time", "release-downloads", "Release downloads over time", "createdAt"),
    bars("release-downloads-failures-by-error", "release-downloads", "Failed downloads by error code", "errorCode",
         [failures_filter()]),
    table("release-downloads-top-versions", "release-downloads", "Top release versions", "releaseVersion"),
    table("release-downloads-top-files", "release-downloads", "Top release files", "releaseFileName"),
    coordinate_map("release-downloads-map", "release-downloads", "Downloads on the map", "location.point"),
    table("release-downloads-countries", "release-downloads", "Downloads by country", "location.countryCode", 50),
]
audit = [
    line("audit-over-time-by-action", "audit", "Audit events over time by action", "eventTime", "action"),
    table("audit-top-users", "audit", "Top users", "userName"),
    table("audit-top-apps", "audit", "Top apps", "appId"),
    table("audit-top-targets", "audit", "Top targets", "targetName"),
]
hub = [
    line("hub-over-time-by-type", "hub", "Hub events over time by type", "timestamp", "type"),
    pie("hub-by-type", "hub", "Hub events by type", "type"),
    table("hub-by-author", "hub", "Hub events by author", "authorPresentation"),
]
objects = [index_pattern(s) for s in STREAMS] + release + audit + hub + [
    dashboard("release-downloads-dashboard", "Release downloads", release),
    dashboard("audit-dashboard", "Audit", audit),
    dashboard("hub-dashboard", "Hub events", hub),
]
with open(os.path.join(ROOT, "dashboards", "event-search.ndjson"), "w", encoding="utf-8") as out:
    for obj in objects:
        out.write(json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n")
print("wrote %d saved objects to dashboards/event-search.ndjson" % len(objects))
