// Events over time, stacked by stream, from the histogram of GET /api/events/aggregate. Dragging across the chart
// (or clicking one bar) narrows the time range to the buckets covered.
import { element, formatTime, plural, svg } from './format.js';

export const STREAMS = ['release-downloads', 'hub', 'audit', 'api-usage'];
const HEIGHT = 180;
const MARGIN = { top: 8, right: 8, bottom: 22, left: 44 };
const DAY_UNITS = /[dwMqy]$/;

export class Histogram {
  /** @param onSelect called with (fromIso, toIso) when a range is dragged or a bar clicked */
  constructor(panel, onSelect) {
    this.chart = panel.querySelector('.chart');
    this.legend = panel.querySelector('.legend');
    this.onSelect = onSelect;
    this.data = null;
    new ResizeObserver(() => this.data && this.draw()).observe(this.chart);
  }

  /** @param end the instant the last bucket ends at (the range's end, or now) */
  render(histogram, tz, end) {
    this.data = histogram;
    this.tz = tz;
    this.end = end;
    this.draw();
  }

  clear() {
    this.data = null;
    this.chart.replaceChildren();
    this.legend.replaceChildren();
  }

  draw() {
    const buckets = this.data.buckets;
    const width = Math.max(this.chart.clientWidth, 280);
    const plotWidth = width - MARGIN.left - MARGIN.right;
    const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
    const band = plotWidth / Math.max(buckets.length, 1);
    const max = Math.max(1, ...buckets.map(b => b.count));
    const chart = svg('svg', { viewBox: `0 0 ${width} ${HEIGHT}`, height: HEIGHT, role: 'img',
      'aria-label': `Histogram of ${plural(buckets.reduce((sum, b) => sum + b.count, 0), 'event')} in ${buckets.length} buckets of ${this.data.interval}` });

    chart.append(label(MARGIN.left - 6, MARGIN.top + 9, max.toLocaleString('en'), 'end'),
      label(MARGIN.left - 6, MARGIN.top + plotHeight, '0', 'end'),
      svg('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: MARGIN.top + plotHeight, y2: MARGIN.top + plotHeight, stroke: '#7a8591' }));

    const shown = new Set();
    buckets.forEach((bucket, index) => {
      const group = svg('g', { class: 'bucket', 'data-time': bucket.time, 'data-count': bucket.count });
      const title = svg('title');
      title.textContent = `${formatTime(bucket.time, this.tz)}: ${plural(bucket.count, 'event')}` +
        Object.entries(bucket.streams || {}).map(([stream, count]) => `\n${stream}: ${count}`).join('');
      // The whole column answers the pointer, so an empty or short bucket shows its title and can be dragged from.
      group.append(title, svg('rect', { class: 'hit', x: MARGIN.left + index * band, y: MARGIN.top, width: band, height: plotHeight }));
      let y = MARGIN.top + plotHeight;
      for (const stream of STREAMS) {
        const count = (bucket.streams || {})[stream] || 0;
        if (!count) continue;
        shown.add(stream);
        const height = (count / max) * plotHeight;
        y -= height;
        group.append(svg('rect', { class: `stream-${stream}`, x: MARGIN.left + index * band + 0.5, y,
          width: Math.max(band - 1, 1), height: Math.max(height, 0.5) }));
      }
      chart.append(group);
    });

    const labels = Math.max(2, Math.floor(plotWidth / 120));
    const step = Math.max(1, Math.ceil(buckets.length / labels));
    const dateOnly = DAY_UNITS.test(this.data.interval);
    for (let index = 0; index < buckets.length; index += step) {
      const text = formatTime(buckets[index].time, this.tz, false);
      chart.append(label(MARGIN.left + index * band, HEIGHT - 6, dateOnly ? text.slice(0, 10) : text, 'start'));
    }

    this.selection = svg('rect', { class: 'selection', y: MARGIN.top, height: plotHeight, width: 0, visibility: 'hidden' });
    chart.append(this.selection);
    this.listen(chart, band, buckets);
    this.chart.replaceChildren(chart);
    this.legend.replaceChildren(...STREAMS.filter(s => shown.has(s)).map(stream => {
      const item = element('li');
      item.append(element('span', `swatch stream-${stream}`), stream);
      return item;
    }));
  }

  listen(chart, band, buckets) {
    const indexAt = x => Math.min(buckets.length - 1, Math.max(0, Math.floor((x - MARGIN.left) / band)));
    const xOf = event => event.clientX - chart.getBoundingClientRect().left;
    let start = null;
    chart.addEventListener('pointerdown', event => {
      if (!buckets.length) return;
      start = xOf(event);
      chart.setPointerCapture(event.pointerId);
    });
    chart.addEventListener('pointermove', event => {
      if (start === null) return;
      const x = xOf(event);
      this.selection.setAttribute('x', Math.min(start, x));
      this.selection.setAttribute('width', Math.abs(x - start));
      this.selection.setAttribute('visibility', 'visible');
    });
    chart.addEventListener('pointerup', event => {
      if (start === null) return;
      const x = xOf(event);
      const first = indexAt(Math.min(start, x));
      const last = indexAt(Math.max(start, x));
      start = null;
      this.selection.setAttribute('visibility', 'hidden');
      const to = last + 1 < buckets.length ? buckets[last + 1].time : this.end;
      this.onSelect(new Date(buckets[first].time).toISOString(), new Date(to).toISOString());
    });
  }
}

function label(x, y, text, anchor) {
  const node = svg('text', { x, y, 'text-anchor': anchor });
  node.textContent = text;
  return node;
}
