// The console's shell: hash router, navigation, sign-in state, the live-data banner and the keyboard.
// Page-module contract: pages/NAME.js exports mount(el, ctx) and returns unmount(); ctx = {api, live, params, role,
// session, navigate, can(role)}. params: the route's path parameters (e.g. {name}, {id}) and its query (?pvs=&from=).

import { api, ApiError } from './api.js';
import { Live } from './live.js';
import { el, replace, dialogOpen, formatAge } from './ui.js';

/** Route pattern -> page module. Theirs (snapshot pages) are loaded on demand like ours. */
const ROUTES = [
  ['/pvs', './pages/pvs.js'],
  ['/pv/{name}', './pages/pv.js'],
  ['/history', './pages/history.js'],
  ['/health', './pages/health.js'],
  ['/keys', './pages/keys.js'],
  ['/audit', './pages/audit.js'],
  ['/snapshots', './pages/snapshots.js'],
  ['/snapshot/{id}', './pages/snapshot.js'],
  ['/drift/{id}', './pages/drift.js'],
  ['/restore/{id}', './pages/restore.js'],
  ['/configs', './pages/configs.js'],
];

const NAV = [
  ['#/pvs', 'PVs'],
  ['#/history', 'History'],
  ['#/snapshots', 'Snapshots'],
  ['#/configs', 'Configurations'],
  ['#/health', 'Health'],
  ['#/keys', 'Keys'],
  ['#/audit', 'Audit'],
];

/** The weakest-first order of roles (as the API's). */
export const ROLES = ['reader', 'operator', 'restorer', 'admin'];

const state = {
  session: { security: true, readsOpen: true, authenticated: false, role: null, name: null },
  unmount: null,
  mountToken: 0,
};

const live = new Live(() => {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const key = api.getKey();
  return `${scheme}//${location.host}/api/v1/ws${key ? '?token=' + encodeURIComponent(key) : ''}`;
});

/** Whether the signed-in key may use what needs `role` (security off: anyone may). */
function can(role) {
  const session = state.session;
  if (!session.security) return true;
  if (!session.authenticated) return false;
  return ROLES.indexOf(session.role) >= ROLES.indexOf(role);
}

/** Asks the API who the stored key is; a refused key is forgotten. Answers the session. */
export async function refreshSession() {
  try {
    state.session = await api.get('/api/v1/session');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      api.setKey(null);
      state.session = await api.get('/api/v1/session').catch(() => state.session);
    }
  }
  renderWho();
  return state.session;
}

/** Signs in with a key: answers the session, or throws the API's 401. */
export async function signIn(key) {
  api.setKey(key);
  try {
    state.session = await api.get('/api/v1/session');
  } catch (e) {
    api.setKey(null);
    throw e;
  }
  renderWho();
  live.reconnect();
  route(); // the page again, with the controls of the new role
  return state.session;
}

export function signOut() {
  api.setKey(null);
  state.session = { ...state.session, authenticated: false, role: null, name: null };
  renderWho();
  live.reconnect();
  route();
}

function renderWho() {
  const who = document.getElementById('who');
  const session = state.session;
  if (!session.security) replace(who, 'security off');
  else if (session.authenticated) replace(who, `${session.name} (${session.role}) · `, el('a', { href: '#/keys' }, 'key'));
  else replace(who, 'not signed in · ', el('a', { href: '#/keys' }, 'sign in'));
}

function renderNav(path) {
  const nav = document.getElementById('nav');
  replace(nav, NAV.map(([href, label]) => el('a', {
    href, class: path.startsWith(href.slice(1)) || (href === '#/pvs' && path.startsWith('/pv/')) ? 'current' : '',
  }, label)));
}

/** The route of a hash: {module, params}. */
export function resolve(hash) {
  const [rawPath, query = ''] = hash.replace(/^#/, '').split('?');
  const path = rawPath || '/pvs';
  const params = Object.fromEntries(new URLSearchParams(query));
  for (const [pattern, module] of ROUTES) {
    const names = [];
    const regex = new RegExp('^' + pattern.replace(/\{(\w+)\}/g, (_, name) => {
      names.push(name);
      return '([^/]+)';
    }) + '$');
    const match = regex.exec(path);
    if (match) {
      names.forEach((name, i) => { params[name] = decodeURIComponent(match[i + 1]); });
      return { path, module, params };
    }
  }
  return { path, module: null, params };
}

/** Goes to a route ('#/pv/X'); replace: without a new history entry (a page updating its own URL). */
export function navigate(hash, { replace: replaceEntry = false } = {}) {
  if (replaceEntry) {
    history.replaceState(null, '', hash);
  } else {
    location.hash = hash;
  }
}

async function route() {
  const { path, module, params } = resolve(location.hash);
  renderNav(path);
  const token = ++state.mountToken;
  if (state.unmount) {
    try { state.unmount(); } catch (e) { console.warn('unmount failed', e); }
    state.unmount = null;
  }
  const page = document.getElementById('page');
  replace(page);
  if (!module) {
    replace(page, el('h1', {}, 'Not found'), el('p', {}, `No page at ${path}. `, el('a', { href: '#/pvs' }, 'PVs')));
    return;
  }
  let pageModule;
  try {
    pageModule = await import(module);
  } catch (e) {
    replace(page, el('h1', {}, 'Page not available'), el('p', { class: 'error' }, `${module}: ${e.message}`));
    return;
  }
  if (token !== state.mountToken) return; // another navigation came first
  const ctx = { api, live, params, role: state.session.role, session: state.session, navigate, can };
  state.unmount = pageModule.mount(page, ctx) || null;
}

function watchLive() {
  const banner = document.getElementById('live-banner');
  let status = live.status();
  let everConnected = false;
  const show = () => {
    if (status.connected) everConnected = true;
    const down = !status.connected && (everConnected || performance.now() > 3000);
    banner.hidden = !down;
    if (down) {
      banner.textContent = 'live data disconnected — '
        + (status.lastMessageAt ? `last message ${formatAge(status.lastMessageAt)}` : 'no message yet')
        + '; reconnecting…';
    }
  };
  live.onStatus((next) => { status = next; show(); });
  setInterval(show, 1000);
}

function keyboard() {
  document.addEventListener('keydown', (event) => {
    if (dialogOpen()) return;
    const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(event.target.tagName);
    if (event.key === '/' && !typing) {
      const search = document.querySelector('[data-search]');
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    }
  });
}

async function start() {
  window.pvstreamConsole = { live, api }; // for the browser's developer console (and the browser tests)
  keyboard();
  watchLive();
  window.addEventListener('hashchange', route);
  await refreshSession();
  route();
}

start();
