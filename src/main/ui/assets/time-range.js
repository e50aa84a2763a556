// The time range: presets relative to now (read by the service, so a bookmarked "last 24 hours" stays relative) or
// two instants entered, or dragged on the histogram, in the zone shown.
import { LOCAL_ZONE, fromInputValue, toInputValue } from './format.js';

export class TimeRange {
  constructor(form) {
    this.select = form.querySelector('#range');
    this.custom = form.querySelector('#custom-range');
    this.fromInput = form.querySelector('#from');
    this.toInput = form.querySelector('#to');
    this.zones = [...form.querySelectorAll('input[name=tz]')];
    form.querySelector('#local-zone').textContent = `Local (${LOCAL_ZONE})`;
    this.select.addEventListener('change', () => {
      if (this.select.value === 'custom' && !this.fromInput.value) {
        // Start the custom range from what the preset showed.
        const now = Date.now();
        this.fromInput.value = toInputValue(now - 24 * 3600 * 1000, this.tz);
        this.toInput.value = toInputValue(now, this.tz);
      }
      this.custom.hidden = this.select.value !== 'custom';
    });
    // The inputs show wall times: switching zones keeps the instants and rewrites what they show.
    this.zones.forEach(radio => radio.addEventListener('change', () => {
      const previous = this.tz === 'UTC' ? 'local' : 'UTC';
      this.rewrite(this.fromInput, previous);
      this.rewrite(this.toInput, previous);
    }));
  }

  get tz() {
    return this.zones.find(radio => radio.checked).value;
  }

  set tz(value) {
    this.zones.forEach(radio => { radio.checked = radio.value === value; });
  }

  /** {from, to} as the API reads them; to '' means now. */
  get range() {
    if (this.select.value !== 'custom') return { from: this.select.value, to: '' };
    return { from: fromInputValue(this.fromInput.value, this.tz), to: fromInputValue(this.toInput.value, this.tz) };
  }

  /** Shows a range: a preset when it is one, else the two instants as custom. */
  show(from, to, tz) {
    this.tz = tz;
    const relative = !to && from.startsWith('now');
    if (relative && ![...this.select.options].some(option => option.value === from)) {
      // A relative range from a shared link that is not among the presets (now-2d, now-1h/h): offered as it is.
      this.select.add(new Option(`Since ${from}`, from), this.select.options.length - 1);
    }
    if (relative) {
      this.select.value = from;
      this.custom.hidden = true;
      return;
    }
    this.select.value = 'custom';
    this.custom.hidden = false;
    this.fromInput.value = isInstant(from) ? toInputValue(from, tz) : '';
    this.toInput.value = isInstant(to) ? toInputValue(to, tz) : '';
  }

  rewrite(input, previousZone) {
    const instant = fromInputValue(input.value, previousZone);
    if (instant) input.value = toInputValue(instant, this.tz);
  }
}

function isInstant(text) {
  return Boolean(text) && !text.startsWith('now') && !Number.isNaN(new Date(/^\d+$/.test(text) ? Number(text) : text).getTime());
}
