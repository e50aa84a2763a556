// Build step of the explorer page: turns the country shapes of the world-atlas npm package (Natural Earth, 1:50m)
// into one small JSON file of SVG paths keyed by ISO 3166-1 alpha-2 code, the code GeoIP stores in
// location.countryCode. The page draws these paths as they are: no map library, tiles or shapes are loaded at run time.
//
//   node build.mjs OUTPUT_DIR      (scripts/common.sh build_ui runs it after npm ci)
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { feature } from 'topojson-client';
import { geoNaturalEarth1, geoPath } from 'd3-geo';

const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries');
const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));

// Shapes Natural Earth gives no ISO numeric code, named as GeoIP names their countries' codes.
const BY_NAME = { 'Kosovo': 'XK', 'N. Cyprus': 'CY', 'Somaliland': 'SO' };
export const WIDTH = 960, HEIGHT = 500;

const shapes = feature(topology, topology.objects.countries).features
  .filter(f => f.properties.name !== 'Antarctica');
const projection = geoNaturalEarth1().fitExtent([[4, 4], [WIDTH - 4, HEIGHT - 4]], { type: 'FeatureCollection', features: shapes });

// An SVG path context that rounds to whole pixels and drops points that round onto the one before: at the size the
// page draws the map, 1:50m detail is mostly points closer than a pixel, and the file shrinks severalfold.
class PixelPath {
  constructor() { this.parts = []; this.x = null; this.y = null; }
  moveTo(x, y) { this.x = Math.round(x); this.y = Math.round(y); this.parts.push(`M${this.x} ${this.y}`); }
  lineTo(x, y) {
    const rx = Math.round(x), ry = Math.round(y);
    if (rx === this.x && ry === this.y) return;
    this.parts.push(`L${rx} ${ry}`); this.x = rx; this.y = ry;
  }
  closePath() { this.parts.push('Z'); }
  arc() { throw new Error('points are not drawn'); }
  result() { const d = this.parts.join('').replace(/M(-?\d+) (-?\d+)Z/g, ''); this.parts = []; return d; }
}
const context = new PixelPath();
const draw = geoPath(projection, context);
const path = shape => { draw(shape); return context.result(); };
const measure = geoPath(projection);
const dot = ([x, y]) => `M${Math.round(x) - 3} ${Math.round(y)}a3 3 0 1 0 6 0a3 3 0 1 0 -6 0Z`;

const byCode = new Map();
for (const shape of shapes) {
  const code = shape.id ? countries.numericToAlpha2(shape.id) : BY_NAME[shape.properties.name];
  if (!code) {
    console.warn(`no ISO code for ${shape.properties.name} (${shape.id}); left out`);
    continue;
  }
  // A country a few pixels across (Singapore, Monaco, Bahrain) becomes a dot that a pointer can reach.
  const d = measure.area(shape) < 9 ? dot(measure.centroid(shape)) : path(shape);
  // Parts of one country (N. Cyprus and Cyprus) become one entry.
  const known = byCode.get(code);
  byCode.set(code, known ? { ...known, d: known.d + d } : { code, name: countries.getName(code, 'en') || shape.properties.name, d });
}

const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs OUTPUT_DIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const file = join(out, 'countries.json');
writeFileSync(file, JSON.stringify({ width: WIDTH, height: HEIGHT, source: 'Natural Earth 1:50m via world-atlas 2', countries: [...byCode.values()] }));
console.log(`explorer map: ${byCode.size} countries written to ${file}`);
