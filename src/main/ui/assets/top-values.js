// The most frequent values of a chosen field (GET /api/events/aggregate?terms=...), as bars; clicking one adds
// "field: value" to the query.
import { element, plural } from './format.js';

export const DEFAULT_FIELD = 'errorCode';

export class TopValues {
  /** @param onPick called with (field, value) when a bar is clicked */
  constructor(panel, onPick) {
    this.panel = panel;
    this.select = panel.querySelector('#top-field');
    this.bars = panel.querySelector('.bars');
    this.onPick = onPick;
  }

  get field() {
    return this.select.value;
  }

  /** Offers the fields whose values are counted (keywords and integers), from GET /api/events/fields. */
  offer(fields, chosen) {
    const counted = fields.filter(field => field.countable);
    this.select.replaceChildren(...counted.map(field =>
      new Option(`${field.name} (${field.streams.join(', ')})`, field.name)));
    const names = counted.map(field => field.name);
    this.select.value = names.includes(chosen) ? chosen : names.includes(DEFAULT_FIELD) ? DEFAULT_FIELD : names[0];
  }

  clear() {
    this.bars.replaceChildren();
  }

  render(terms) {
    const max = Math.max(1, ...terms.values.map(v => v.count));
    this.bars.replaceChildren(...terms.values.map(({ value, count }) => {
      const bar = element('button');
      bar.type = 'button';
      bar.dataset.value = value;
      bar.dataset.count = count;
      bar.title = `Add ${terms.field}: ${value} to the query`;
      const fill = element('span', 'fill');
      fill.style.width = `${(count / max) * 100}%`;
      bar.append(fill, element('span', 'value', value), element('span', 'count', count.toLocaleString('en')));
      bar.addEventListener('click', () => this.onPick(terms.field, value));
      const item = element('li');
      item.append(bar);
      return item;
    }));
    const others = terms.others ? ` (${plural(terms.others, 'event')} hold other values)` : '';
    return terms.values.length ? `${plural(terms.values.length, 'value')}${others}` : `No event has a value for ${terms.field}`;
  }
}
