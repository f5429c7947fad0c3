// The console's only way to the REST API: every call carries the signed-in key (sessionStorage) as a Bearer
// token, and an error answer is thrown as an ApiError carrying the API's own JSON message, so a page can show it
// next to the control that caused it.

const KEY_STORAGE = 'pvstream.apiKey';

/** An API answer that was not 2xx: status, the API's error code and message (the body's "error" and "message"). */
export class ApiError extends Error {
  constructor(status, error, message, body) {
    super(message || error || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.error = error;
    this.body = body;
  }
}

export function getKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function setKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key.trim());
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** A path with its query; parameters that are null, undefined or '' are left out. */
export function url(path, query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== null && value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** One PV name as a path segment (names hold ':', '/', '?', spaces...). */
export function pvPath(name) {
  return '/api/v1/pvs/' + encodeURIComponent(name);
}

/**
 * Sends a request; answers the parsed JSON (or the text for non-JSON answers, or null for 204).
 * options: {query, body (sent as JSON), headers, signal}.
 */
export async function request(method, path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const key = getKey();
  if (key) headers.Authorization = 'Bearer ' + key;
  let body;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response;
  try {
    response = await fetch(url(path, options.query), { method, headers, body, signal: options.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', `the API cannot be reached (${e.message})`);
  }
  const type = response.headers.get('Content-Type') || '';
  const payload = response.status === 204 ? null
    : type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    const error = payload && typeof payload === 'object' ? payload : {};
    throw new ApiError(response.status, error.error || 'http_' + response.status,
      error.message || (typeof payload === 'string' && payload) || response.statusText, payload);
  }
  return payload;
}

export const api = {
  get: (path, query, options) => request('GET', path, { ...options, query }),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  del: (path, options) => request('DELETE', path, options),
  request,
  url,
  pvPath,
  getKey,
  setKey,
};
