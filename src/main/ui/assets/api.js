// Calls to the service's own API with the bearer token of this tab. The token lives in session storage (it survives
// a reload, not the tab) and never in the address, so a shared or bookmarked link never carries a credential.
const TOKEN_KEY = 'event-search.token';

export class ApiError extends Error {
  constructor(status, message, parameter) {
    super(message);
    this.status = status;
    this.parameter = parameter;
  }
}

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  use: token => sessionStorage.setItem(TOKEN_KEY, token.trim()),
  forget: () => sessionStorage.removeItem(TOKEN_KEY),
  /** The token's claims as its payload says (for display only: the service verifies it on every call). */
  claims() {
    try {
      const payload = session.token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), c => c.charCodeAt(0))));
    } catch {
      return {};
    }
  },
};

/** A query string of the parameters that have a value. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.append(name, value);
  }
  return search.toString();
}

/** GET path?params as JSON; an answer other than 2xx becomes an ApiError with the service's message. */
export async function getJson(path, params = {}, signal) {
  const response = await call(path, params, 'application/json', signal);
  return response.json();
}

/** GET path?params, the response itself (for exports read as a stream). */
export function getRaw(path, params, accept, signal) {
  return call(path, params, accept, signal);
}

async function call(path, params, accept, signal) {
  let response;
  try {
    response = await fetch(`${path}?${query(params)}`, {
      headers: { Authorization: `Bearer ${session.token()}`, Accept: accept },
      signal,
      cache: 'no-store',
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, `the service could not be reached (${e.message})`);
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: a proxy's page, say
  }
  const error = body && body.error ? body.error : {};
  const message = error.message || `the service answered ${response.status} ${response.statusText}`;
  return new ApiError(response.status, message, error.parameter);
}

/** POST for the development token; the page's only write. */
export async function postJson(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await errorOf(response);
  return response.json();
}
