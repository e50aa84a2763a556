// What a view is, kept in the address so that it can be bookmarked and shared: the query, the time range (a preset
// such as now-24h, or two instants), the time zone and the field of the top values. Never the token.
import { query } from './api.js';

export const DEFAULT_FROM = 'now-24h';

export function readState(location = window.location) {
  const params = new URLSearchParams(location.search);
  return {
    q: params.get('q') || '',
    from: params.get('from') || DEFAULT_FROM,
    to: params.get('to') || '',
    tz: params.get('tz') === 'local' ? 'local' : 'UTC',
    top: params.get('top') || '',
  };
}

/** Puts the view in the address: a new history entry when it changed, so Back returns to the last view. */
export function writeState(state) {
  const search = query({
    q: state.q, from: state.from === DEFAULT_FROM ? '' : state.from, to: state.to,
    tz: state.tz === 'UTC' ? '' : state.tz, top: state.top,
  });
  const url = `${window.location.pathname}${search ? `?${search}` : ''}`;
  if (url !== `${window.location.pathname}${window.location.search}`) {
    window.history.pushState(null, '', url);
  }
}
