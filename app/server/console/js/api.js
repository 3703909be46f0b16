// SPDX-License-Identifier: GPL-3.0-or-later
// The admin API under /api/v1, as the console calls it: the session
// cookie goes by itself (HttpOnly: no script reads it); every request that
// changes something carries the session's CSRF token, which this module
// keeps in memory only (GET /api/v1/session gives it again after a reload).

let csrfToken = null;

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

export function setCsrfToken(token) {
  csrfToken = token || null;
}

async function request(method, path, body, accept) {
  const headers = { Accept: accept || 'application/json' };
  const options = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response;
  try {
    response = await fetch('/api/v1/' + path, options);
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  return response;
}

async function fail(response) {
  let error = {};
  try {
    const data = await response.json();
    error = (data && data.error) || {};
  } catch (e) {
    error = {};
  }
  throw new ApiError(response.status, error.code || 'http-' + response.status,
    error.message || response.statusText, error.field);
}

// JSON in, JSON out; an ApiError with the server's code, message and
// field when it refuses.
export async function api(method, path, body) {
  const response = await request(method, path, body);
  if (!response.ok) {
    await fail(response);
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

// A text answer (CSV, JSON lines) and its headers.
export async function apiText(path, accept) {
  const response = await request('GET', path, undefined, accept);
  if (!response.ok) {
    await fail(response);
  }
  return { text: await response.text(), headers: response.headers };
}

// "a=1&b=2" of the set values of @params.
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(key, value);
    }
  }
  const text = search.toString();
  return text ? '?' + text : '';
}
