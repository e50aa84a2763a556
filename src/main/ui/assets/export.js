// Exports the whole result (GET /api/events?format=csv|ndjson, no cap) to a file. The token travels in a header, so
// a plain link cannot fetch it: the page reads the stream itself, showing progress, and hands the file to the
// browser's download when the service has sent all of it. An export cut midway is reported, never saved as whole.
import { getRaw } from './api.js';
import { bytes } from './format.js';

const TYPES = { csv: 'text/csv', ndjson: 'application/x-ndjson' };

export class Exporter {
  /** @param params returns the current search's q, from and to */
  constructor(group, params) {
    this.buttons = [...group.querySelectorAll('button[data-format]')];
    this.status = group.querySelector('.export-status');
    this.params = params;
    this.buttons.forEach(button => button.addEventListener('click', () => this.export(button.dataset.format)));
  }

  async export(format) {
    this.buttons.forEach(button => { button.disabled = true; });
    this.status.textContent = `Exporting ${format.toUpperCase()}…`;
    try {
      const response = await getRaw('/api/events', { ...this.params(), format }, TYPES[format]);
      const reader = response.body.getReader();
      const chunks = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        this.status.textContent = `Exporting ${format.toUpperCase()}… ${bytes(received)}`;
      }
      const name = `events-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}.${format}`;
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob(chunks, { type: TYPES[format] }));
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      this.status.textContent = `Saved ${name} (${bytes(received)})`;
    } catch (e) {
      // A stream cut before its end fails the read: the file is incomplete, so nothing is saved.
      this.status.textContent = `Export failed: ${e.message}`;
    } finally {
      this.buttons.forEach(button => { button.disabled = false; });
    }
  }
}
