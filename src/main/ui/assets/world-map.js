// Release downloads per country (GET /api/events/aggregate?geo=country) on a world map drawn from country shapes
// built into the page from an npm package at build time (countries.json): nothing is fetched from elsewhere.
import { element, plural, svg } from './format.js';

const STEPS = 5;

export class WorldMap {
  /** @param onPick called with the country code when a shaded country is clicked */
  constructor(panel, onPick) {
    this.panel = panel;
    this.world = panel.querySelector('.world');
    this.scale = panel.querySelector('.scale');
    this.unmapped = panel.querySelector('.unmapped');
    this.onPick = onPick;
    this.paths = new Map();
    this.shapes = this.load();
  }

  async load() {
    const response = await fetch('countries.json');
    if (!response.ok) throw new Error('the map\'s country shapes are not part of this build (run scripts/run to build them)');
    const shapes = await response.json();
    const map = svg('svg', { viewBox: `0 0 ${shapes.width} ${shapes.height}`, role: 'img', 'aria-label': 'World map of downloads per country' });
    for (const country of shapes.countries) {
      const path = svg('path', { d: country.d, 'data-code': country.code });
      const title = svg('title');
      title.textContent = country.name;
      path.append(title);
      path.addEventListener('click', () => path.classList.contains('shaded') && this.onPick(country.code));
      map.append(path);
      this.paths.set(country.code, { path, title, name: country.name });
    }
    this.world.replaceChildren(map);
    return shapes;
  }

  /** Shades each country by its count in one of five steps of a scale that grows by powers (counts span decades). */
  async render(geo) {
    await this.shapes;
    const max = Math.max(1, ...geo.values.map(v => v.count));
    const stepOf = count => Math.min(STEPS, 1 + Math.floor((Math.log(count) / Math.log(max + 1)) * STEPS));
    for (const { path, title, name } of this.paths.values()) {
      path.setAttribute('class', '');
      path.removeAttribute('data-count');
      title.textContent = name;
    }
    const missing = [];
    for (const { value, count } of geo.values) {
      const country = this.paths.get(value);
      if (!country) {
        missing.push(`${value} ${count.toLocaleString('en')}`);
        continue;
      }
      country.path.setAttribute('class', `shaded step-${stepOf(count)}`);
      country.path.setAttribute('data-count', count);
      country.title.textContent = `${country.name}: ${plural(count, 'download')}`;
    }
    this.scale.replaceChildren(...Array.from({ length: STEPS }, (_, i) => {
      const low = i === 0 ? 1 : Math.ceil((max + 1) ** (i / STEPS));
      const item = element('li');
      item.append(element('span', `swatch step-${i + 1}`), `${low.toLocaleString('en')}+`);
      return item;
    }));
    this.unmapped.textContent = missing.length ? `Too small for the map or unknown: ${missing.join(', ')}` : '';
    const shaded = geo.values.length - missing.length;
    return geo.values.length ? `${plural(shaded + missing.length, 'country', 'countries')}` +
      (geo.others ? `, ${plural(geo.others, 'download')} elsewhere` : '') : 'No downloads with a location';
  }
}
