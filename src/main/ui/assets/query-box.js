// The query box: completion as you type from GET /api/events/queryAssist (field names, keywords, the tenant's most
// frequent values), and the syntax error shown under the query, pointing at its character. A combobox as WAI-ARIA
// describes it: the input keeps focus, arrow keys move through the options, Enter or a click takes one.
import { getJson } from './api.js';
import { element } from './format.js';

const ASSIST_DELAY_MS = 120;

export class QueryBox {
  constructor(input, list, errorLine) {
    this.input = input;
    this.list = list;
    this.errorLine = errorLine;
    this.suggestions = [];
    this.active = -1;
    this.asked = 0;
    this.timer = null;
    input.addEventListener('input', () => this.schedule());
    input.addEventListener('focus', () => this.schedule());
    input.addEventListener('click', () => this.schedule());
    input.addEventListener('keydown', event => this.key(event));
    input.addEventListener('blur', () => this.close());
    // mousedown, not click: taking an option must not first blur the input and close the list.
    list.addEventListener('mousedown', event => {
      const item = event.target.closest('li[data-index]');
      if (item) {
        event.preventDefault();
        this.take(Number(item.dataset.index));
      }
    });
  }

  get value() {
    return this.input.value;
  }

  set value(text) {
    this.input.value = text;
  }

  /** Shows the API's own error for the query (a 400 naming parameter q) with its position. */
  showError(message) {
    const at = /at (\d+)\s*$/.exec(message);
    this.renderError(message, at ? Number(at[1]) : null);
  }

  clearError() {
    this.errorLine.replaceChildren();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.assist(), ASSIST_DELAY_MS);
  }

  async assist() {
    const asked = ++this.asked;
    const query = this.input.value;
    const caret = this.input.selectionStart ?? query.length;
    let answer;
    try {
      answer = await getJson('/api/events/queryAssist', { query, caret });
    } catch {
      return; // completion is a help: a failed assist leaves the box as it is, the search itself reports errors
    }
    if (asked !== this.asked || document.activeElement !== this.input) return;
    if (answer.error) {
      this.renderError(answer.error.message, answer.error.position);
    } else {
      this.clearError();
    }
    this.open(answer.suggestions || []);
  }

  renderError(message, position) {
    const parts = [element('span', null, message)];
    const query = this.input.value;
    if (position !== null && position !== undefined && position <= query.length) {
      const pointer = element('span', 'pointer');
      pointer.append(query.slice(0, position), element('mark', null, query.slice(position, position + 1) || ' '),
        query.slice(position + 1));
      parts.push(pointer);
    }
    this.errorLine.replaceChildren(...parts);
  }

  open(suggestions) {
    // An answer that repeats what is shown keeps the option the user moved to.
    const same = suggestions.length === this.suggestions.length
      && suggestions.every((s, i) => s.option === this.suggestions[i].option && s.start === this.suggestions[i].start);
    const active = same ? this.active : -1;
    this.suggestions = suggestions;
    this.active = -1;
    this.list.replaceChildren(...suggestions.map((suggestion, index) => {
      const item = element('li');
      item.id = `suggestion-${index}`;
      item.dataset.index = index;
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', 'false');
      item.append(element('span', 'option', suggestion.option), element('span', 'description', suggestion.description));
      return item;
    }));
    const shown = suggestions.length > 0;
    this.list.hidden = !shown;
    this.input.setAttribute('aria-expanded', String(shown));
    this.input.removeAttribute('aria-activedescendant');
    if (active >= 0) this.highlight(active);
  }

  close() {
    clearTimeout(this.timer);
    this.asked++;
    this.open([]);
  }

  key(event) {
    const open = !this.list.hidden;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!open) {
        this.schedule();
        return;
      }
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.highlight((this.active + step + this.suggestions.length) % this.suggestions.length);
    } else if (event.key === 'Enter' && open && this.active >= 0) {
      event.preventDefault();
      this.take(this.active);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      this.close();
    } else if (event.key === 'Enter') {
      this.close(); // the form submits the query
    }
  }

  highlight(index) {
    this.active = index;
    [...this.list.children].forEach((item, i) => item.setAttribute('aria-selected', String(i === index)));
    const item = this.list.children[index];
    this.input.setAttribute('aria-activedescendant', item.id);
    item.scrollIntoView({ block: 'nearest' });
  }

  take(index) {
    const suggestion = this.suggestions[index];
    const text = this.input.value;
    this.input.value = text.slice(0, suggestion.start) + suggestion.insert + text.slice(suggestion.end);
    const caret = suggestion.start + suggestion.insert.length;
    this.input.setSelectionRange(caret, caret);
    this.input.focus();
    this.assist(); // what may follow: a field's values after "field: "
  }
}
