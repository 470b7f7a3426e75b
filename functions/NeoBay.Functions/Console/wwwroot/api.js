// The API client: bearer token from the session, Accept-Language from the console's language, JSON bodies
// with Content-Type application/json, problem+json answers turned into ApiError.
import { english } from './i18n.js';

const TOKEN = 'neobay.token';
const ENTRA_ROLES = { 'NeoBay.Reviewer': 'reviewer', 'NeoBay.Admin': 'admin', 'NeoBay.Integrator': 'integrator' };

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code;
    this.problem = problem;
  }
}

/** The signed-in session from the stored token: { token, sub, role, exp } or null (expired or absent). */
export function session() {
  const token = sessionStorage.getItem(TOKEN);
  if (!token) return null;
  const claims = decodeClaims(token);
  if (!claims || (claims.exp && claims.exp * 1000 < Date.now())) return null;
  // App tokens carry `role`; Entra access tokens carry app roles (NeoBay.Reviewer …), which the API maps the same way.
  const roles = [claims.role, ...(Array.isArray(claims.roles) ? claims.roles : [])].flat().filter(Boolean)
    .map(r => ENTRA_ROLES[r] ?? r);
  const role = roles.includes('admin') ? 'admin' : roles.includes('reviewer') ? 'reviewer' : roles[0] ?? 'unknown';
  return { token, sub: claims.oid ?? claims.sub ?? claims.preferred_username ?? '?', role, exp: claims.exp };
}

export function decodeClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part.padEnd(part.length + (4 - part.length % 4) % 4, '=')),
      c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export function signIn(token) {
  if (!decodeClaims(token)) return false;
  sessionStorage.setItem(TOKEN, token.trim());
  return true;
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
}

/**
 * Calls /api{path}. Options: method, body (an object, or a JSON string sent as is), headers.
 * Returns { status, body, etag }; throws ApiError for 4xx/5xx (401 also ends the session).
 */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const s = session();
  const h = { Accept: 'application/json', 'Accept-Language': english() ? 'en' : 'zh-CN', ...headers };
  if (s) h.Authorization = `Bearer ${s.token}`;
  let payload;
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(`/api${path}`, { method, headers: h, body: payload, cache: 'no-store' });
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = { detail: text }; }
  }
  if (response.status === 401) {
    signOut();
    window.dispatchEvent(new CustomEvent('neobay:signedout'));
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return { status: response.status, body: json, etag: response.headers.get('ETag') };
}

let catalog;
/** The catalog (measures, facts, citations), fetched once per page load. */
export async function measures() {
  catalog ??= api('/measures').then(r => r.body).catch(e => { catalog = undefined; throw e; });
  return catalog;
}

/** Every citation in the catalog: cite code → the seed's sentence. */
export function citations(cat) {
  const map = new Map();
  const walk = (node) => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (node && typeof node === 'object') {
      if (typeof node.cite === 'string' && typeof node.text === 'string' && !map.has(node.cite)) map.set(node.cite, node.text);
      Object.values(node).forEach(walk);
    }
  };
  walk(cat);
  return map;
}
