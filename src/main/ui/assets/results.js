// The events of GET /api/events as a table: the stream's main columns (when a page holds one stream) or each
// event's main fields (when it mixes streams), matched words marked, a row that opens into the event's JSON, and
// "load more" following the cursor.
import { element, formatTime, plural } from './format.js';

/** What a reader looks at first in each stream's events. */
export const MAIN_FIELDS = {
  'release-downloads': ['releaseFileName', 'releaseVersion', 'statusCode', 'errorCode', 'location.countryCode', 'location.city'],
  hub: ['type', 'targetType', 'targetPresentation', 'targetId', 'authorPresentation', 'author'],
  audit: ['action', 'userName', 'target', 'targetName', 'description'],
  'api-usage': ['type', 'api_key.name', 'queue.name', 'listener.name', 'message.name', 'client.id'],
};

export class Results {
  constructor(panel, loadMore) {
    this.panel = panel;
    this.head = panel.querySelector('thead');
    this.body = panel.querySelector('tbody');
    this.more = panel.querySelector('.more');
    this.more.addEventListener('click', () => loadMore(this.cursor));
    this.reset();
  }

  reset() {
    this.head.replaceChildren();
    this.body.replaceChildren();
    this.columns = null;
    this.shown = 0;
    this.cursor = null;
    this.more.hidden = true;
  }

  /** Adds a page; the first page decides the columns. Returns the status line. */
  add(page, tz) {
    if (!this.columns) {
      const streams = new Set(page.events.map(hit => hit.stream));
      this.single = streams.size === 1 ? [...streams][0] : null;
      this.columns = this.single ? MAIN_FIELDS[this.single] : null;
      this.head.replaceChildren(this.headRow());
    }
    for (const hit of page.events) this.body.append(...this.rows(hit, tz));
    this.shown += page.events.length;
    this.cursor = page.cursor || null;
    this.more.hidden = !this.cursor;
    const total = page.total.relation === 'eq' ? page.total.value.toLocaleString('en')
      : `more than ${page.total.value.toLocaleString('en')}`;
    return this.shown ? `${plural(this.shown, 'event')} of ${total}` : 'No events match this query in this range';
  }

  headRow() {
    const row = element('tr');
    const names = this.columns ? ['', 'Time', ...this.columns] : ['', 'Time', 'Stream', 'Event'];
    row.append(...names.map(name => {
      const cell = element('th', null, name);
      cell.scope = 'col';
      if (!name) cell.append(element('span', 'visually-hidden', 'Details'));
      return cell;
    }));
    return row;
  }

  rows(hit, tz) {
    const row = element('tr');
    row.dataset.stream = hit.stream;
    row.dataset.id = hit.id;
    const expand = element('button', 'expand', '▸');
    expand.type = 'button';
    expand.setAttribute('aria-expanded', 'false');
    expand.setAttribute('aria-label', `Show the JSON of ${hit.stream} event ${hit.id}`);
    const toggle = element('td');
    toggle.append(expand);
    row.append(toggle, element('td', 'time', formatTime(hit.time, tz)));

    if (this.columns && hit.stream === this.single) {
      for (const field of this.columns) row.append(this.cell(hit, field));
    } else {
      const summary = element('td');
      summary.colSpan = this.columns ? this.columns.length : 1;
      if (!this.columns) row.append(element('td', null, hit.stream));
      for (const field of MAIN_FIELDS[hit.stream] || []) {
        const value = valueAt(hit.event, field);
        if (value === undefined || value === null) continue;
        const item = element('span', 'field');
        item.append(element('span', 'name', field), marked(String(value), hit.highlights?.[field]));
        summary.append(item);
      }
      row.append(summary);
    }

    const detail = element('tr', 'detail');
    detail.hidden = true;
    const json = element('td');
    json.colSpan = this.columns ? this.columns.length + 2 : 4;
    json.append(element('pre', null, JSON.stringify(hit.event, null, 2)));
    detail.append(json);
    expand.addEventListener('click', () => {
      detail.hidden = !detail.hidden;
      expand.setAttribute('aria-expanded', String(!detail.hidden));
      expand.textContent = detail.hidden ? '▸' : '▾';
    });
    return [row, detail];
  }

  cell(hit, field) {
    const value = valueAt(hit.event, field);
    const cell = element('td');
    if (value !== undefined && value !== null) cell.append(marked(String(value), hit.highlights?.[field]));
    return cell;
  }
}

/** The value at a dotted path of an event. */
function valueAt(event, path) {
  return path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), event);
}

/** The text with the ranges the search matched in <mark>, built as nodes: the text is never read as HTML. */
function marked(text, highlights) {
  const match = (highlights || []).find(h => h.text === text);
  const span = element('span');
  if (!match) {
    span.textContent = text;
    return span;
  }
  let at = 0;
  for (const [start, end] of match.ranges) {
    span.append(text.slice(at, start), element('mark', null, text.slice(start, end)));
    at = end;
  }
  span.append(text.slice(at));
  return span;
}
