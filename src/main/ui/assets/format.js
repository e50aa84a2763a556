// Times shown in the zone the user picked: UTC or this browser's own.
export const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local';

/** The IANA zone for the API's tz parameter. */
export function apiZone(tz) {
  return tz === 'local' ? LOCAL_ZONE : 'UTC';
}

const formats = new Map();
function formatter(tz, withSeconds) {
  const key = `${tz}/${withSeconds}`;
  if (!formats.has(key)) {
    // Swedish writes dates as ISO does (2024-05-01 10:00:00), whatever the browser's language.
    formats.set(key, new Intl.DateTimeFormat('sv-SE', {
      timeZone: apiZone(tz), year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: withSeconds ? '2-digit' : undefined, hourCycle: 'h23',
    }));
  }
  return formats.get(key);
}

/** 2024-05-01 10:00:00 in the zone. */
export function formatTime(instant, tz, withSeconds = true) {
  return formatter(tz, withSeconds).format(new Date(instant));
}

/** The value of a datetime-local input showing the instant in the zone. */
export function toInputValue(instant, tz) {
  return formatTime(instant, tz).replace(' ', 'T');
}

/** The instant (ISO, UTC) a datetime-local input's value means in the zone. */
export function fromInputValue(value, tz) {
  if (!value) return '';
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  const date = tz === 'local' ? new Date(withSeconds) : new Date(`${withSeconds}Z`);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

export function plural(count, one, many = `${one}s`) {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

export function bytes(count) {
  if (count < 1024) return `${count} B`;
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} KB`;
  return `${(count / 1024 / 1024).toFixed(1)} MB`;
}

/** An element with a class and text, the page's only way to put data into the document (never as HTML). */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function svg(tag, attributes = {}) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** Shows a panel's state: loading, a message, or an error from the API. */
export function status(panel, text, failed = false) {
  const line = panel.querySelector('.status');
  line.textContent = text;
  line.classList.toggle('failed', failed);
  panel.setAttribute('aria-busy', String(text === 'Loading…'));
}
