// The explorer page: signs in with a token, then shows one search (query, time range, zone) as a histogram, top
// values, a map of downloads and a table of events, each panel with its own loading, empty and error states.
import { ApiError, getJson, postJson, session } from './api.js';
import { apiZone, status } from './format.js';
import { Exporter } from './export.js';
import { Histogram } from './histogram.js';
import { QueryBox } from './query-box.js';
import { Results } from './results.js';
import { readState, writeState } from './state.js';
import { TimeRange } from './time-range.js';
import { TopValues } from './top-values.js';
import { WorldMap } from './world-map.js';

const PAGE_SIZE = 50;
const $ = selector => document.querySelector(selector);

class Explorer {
  constructor() {
    this.form = $('#search');
    this.queryBox = new QueryBox($('#q'), $('#suggestions'), $('#q-error'));
    this.range = new TimeRange(this.form);
    this.histogram = new Histogram($('#histogram'), (from, to) => this.narrow(from, to));
    this.topValues = new TopValues($('#top-values'), (field, value) => this.addCondition(field, value));
    this.map = new WorldMap($('#map'), code => this.addCondition('location.countryCode', code));
    this.results = new Results($('#results'), cursor => this.loadMore(cursor));
    this.exporter = new Exporter($('#results .export'), () => this.searched);
    this.searched = null;
    this.running = null;
    this.form.addEventListener('submit', event => {
      event.preventDefault();
      this.run(true);
    });
    this.form.querySelectorAll('input[name=tz]').forEach(radio => radio.addEventListener('change', () => this.run(true)));
    this.form.querySelector('#range').addEventListener('change', event => event.target.value !== 'custom' && this.run(true));
    this.topValues.select.addEventListener('change', () => this.loadTopValues(true));
    window.addEventListener('popstate', () => this.show(readState()));
  }

  async start() {
    const claims = session.claims();
    $('#session-label').textContent = claims.tenant ? `Tenant ${claims.tenant}` : 'Signed in';
    $('#session').hidden = false;
    $('#sign-in').hidden = true;
    $('#explorer').hidden = false;
    const state = readState();
    try {
      this.topValues.offer(await getJson('/api/events/fields').then(answer => answer.fields), state.top);
    } catch (e) {
      if (this.refused(e)) return;
      status($('#top-values'), `Fields could not be listed: ${e.message}`, true);
    }
    this.show(state);
  }

  /** Puts a view (from the address) into the controls and runs it. */
  show(state) {
    this.queryBox.value = state.q;
    this.range.show(state.from, state.to, state.tz);
    if (state.top) this.topValues.select.value = state.top;
    this.run(false);
  }

  state() {
    const { from, to } = this.range.range;
    return { q: this.queryBox.value.trim(), from, to, tz: this.range.tz, top: this.topValues.field };
  }

  /** Runs the search of the controls in every panel; a newer run cancels what an older one still waits for. */
  async run(remember) {
    const state = this.state();
    if (remember) writeState(state);
    this.running?.abort();
    const running = new AbortController();
    this.running = running;
    this.searched = { q: state.q, from: state.from, to: state.to };
    this.tz = state.tz;
    this.end = state.to || new Date().toISOString();
    this.queryBox.clearError();
    this.results.reset();
    this.histogram.clear();
    this.topValues.clear();
    for (const panel of ['#histogram', '#top-values', '#map', '#results']) status($(panel), 'Loading…');

    const page = getJson('/api/events', { ...this.searched, limit: PAGE_SIZE }, running.signal);
    const counts = getJson('/api/events/aggregate', {
      ...this.searched, histogram: 'auto', tz: apiZone(state.tz), terms: state.top, size: 10, geo: 'country',
    }, running.signal);
    await Promise.all([
      this.settle(page, running, ['#results'], answer => status($('#results'), this.results.add(answer, this.tz))),
      this.settle(counts, running, ['#histogram', '#top-values', '#map'], async answer => {
        this.histogram.render(answer.histogram, this.tz, this.end);
        const total = answer.histogram.buckets.reduce((sum, bucket) => sum + bucket.count, 0);
        status($('#histogram'), total ? `${answer.histogram.buckets.length} buckets of ${answer.histogram.interval}`
          : 'No events in this range');
        status($('#top-values'), answer.terms ? this.topValues.render(answer.terms) : 'No field to count');
        status($('#map'), await this.map.render(answer.geo).catch(e => e.message));
      }),
    ]);
    if (running === this.running) {
      // How many searches have been shown in full: what tests (and scripts) wait for.
      $('#explorer').dataset.runs = String(Number($('#explorer').dataset.runs || 0) + 1);
    }
  }

  /** Shows an answer in its panels, or the error where it happened; drops answers of a search no longer shown. */
  async settle(answer, running, panels, show) {
    try {
      const value = await answer;
      if (running === this.running) await show(value);
    } catch (e) {
      if (e.name === 'AbortError' || running !== this.running || this.refused(e)) return;
      const queryError = e instanceof ApiError && e.parameter === 'q';
      if (queryError) this.queryBox.showError(e.message);
      const where = e instanceof ApiError && e.parameter ? ` (${e.parameter})` : '';
      for (const panel of panels) status($(panel), queryError ? 'Fix the query above' : `Failed${where}: ${e.message}`, true);
    }
  }

  async loadMore(cursor) {
    const more = $('#results .more');
    more.disabled = true;
    const running = this.running;
    try {
      const page = await getJson('/api/events', { ...this.searched, limit: PAGE_SIZE, cursor }, running.signal);
      if (running === this.running) status($('#results'), this.results.add(page, this.tz));
    } catch (e) {
      if (e.name !== 'AbortError' && !this.refused(e)) status($('#results'), `Failed: ${e.message}`, true);
    } finally {
      more.disabled = false;
    }
  }

  async loadTopValues(remember) {
    const state = this.state();
    if (remember) writeState(state);
    status($('#top-values'), 'Loading…');
    this.topValues.clear();
    try {
      const answer = await getJson('/api/events/aggregate', { ...this.searched, terms: state.top, size: 10 });
      status($('#top-values'), this.topValues.render(answer.terms));
    } catch (e) {
      if (!this.refused(e)) status($('#top-values'), `Failed: ${e.message}`, true);
    }
  }

  narrow(from, to) {
    this.range.show(from, to, this.range.tz);
    this.run(true);
  }

  addCondition(field, value) {
    const query = this.queryBox.value.trim();
    this.queryBox.value = `${query ? `${query} and ` : ''}${field}: ${quote(value)}`;
    this.run(true);
  }

  /** A refused token (expired, revoked, wrong scope) returns to the sign-in with the service's reason. */
  refused(e) {
    if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) return false;
    this.running?.abort();
    signIn(`The token was refused: ${e.message}`);
    return true;
  }
}

/** A value as the query language reads it: a plain word as it is, anything else in braces (or quotes). */
function quote(value) {
  if (/^[\p{L}\p{N}_.@]+$/u.test(value)) return value;
  return value.includes('}') ? `"${value.replace(/"/g, '')}"` : `{${value}}`;
}

let explorer = null;

function enter() {
  explorer ??= new Explorer();
  explorer.start();
}

async function signIn(message = '') {
  session.forget();
  $('#explorer').hidden = true;
  $('#session').hidden = true;
  $('#sign-in').hidden = false;
  $('#sign-in-error').textContent = message;
  $('#token').focus();
  try {
    const answer = await fetch('dev-token', { headers: { Accept: 'application/json' } });
    $('#dev-token-form').hidden = !answer.ok;
  } catch {
    $('#dev-token-form').hidden = true;
  }
}

$('#token-form').addEventListener('submit', event => {
  event.preventDefault();
  session.use($('#token').value);
  $('#token').value = '';
  enter();
});
$('#dev-token-form').addEventListener('submit', async event => {
  event.preventDefault();
  try {
    const answer = await postJson('dev-token', { tenant: $('#dev-tenant').value.trim() });
    session.use(answer.token);
    enter();
  } catch (e) {
    $('#sign-in-error').textContent = `No development token: ${e.message}`;
  }
});
$('#sign-out').addEventListener('click', () => signIn());

if (session.token()) enter();
else signIn();
