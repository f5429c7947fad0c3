// PVs: search by prefix, glob or tag; a live table fed by WebSocket diffs (the subscribe's snapshot, then diffs,
// applied once per animation frame; no polling).

import { el, errorBox, showError, formatValue, formatTime, severityClass } from '../ui.js';
import { VirtualTable } from '../virtual-table.js';

/** The WebSocket pattern of what the user typed: a glob as it is, a prefix as prefix*, nothing as *. */
export function patternOf(text) {
  const query = text.trim();
  if (!query) return '*';
  return /[*?]/.test(query) ? query : query + '*';
}

/** Every PV name of the desired set with this tag (the PV specs, paged through). */
async function namesWithTag(api, tag) {
  const names = [];
  let after = null;
  do {
    const page = await api.get('/api/v1/config/pvs', { limit: 10000, after });
    for (const spec of page.items || []) if ((spec.tags || []).includes(tag)) names.push(spec.name);
    after = page.next;
  } while (after);
  return names;
}

export function mount(root, ctx) {
  const { api, live, params, navigate } = ctx;
  const search = el('input', { type: 'search', placeholder: 'prefix or glob: SIM:PV000*  (press / )',
    value: params.q || '', size: 34, 'data-search': true, 'aria-label': 'search PVs' });
  const tag = el('input', { type: 'search', placeholder: 'tag', value: params.tag || '', size: 12, 'aria-label': 'tag' });
  const summary = el('span', { class: 'muted' });
  const error = errorBox();
  const body = el('div', { style: 'display:flex;flex-direction:column;flex:1;min-height:0' });
  root.append(el('h1', {}, 'PVs'),
    el('form', { class: 'toolbar', onsubmit: (event) => { event.preventDefault(); apply(); } },
      search, tag, el('button', { type: 'submit' }, 'Search'), summary),
    error, body);

  const rows = new Map();
  const table = new VirtualTable(body, {
    columns: [
      { key: 'name', label: 'PV', width: 'minmax(200px, 2fr)', sortable: true,
        render: (pv) => el('a', { href: '#/pv/' + encodeURIComponent(pv.name) }, pv.name) },
      { key: 'value', label: 'value', width: 'minmax(120px, 1.3fr)', sortable: true,
        render: (pv) => formatValue(pv.value, pv.precision), className: severityClass,
        sortValue: (pv) => (typeof pv.value === 'number' ? pv.value : formatValue(pv.value)) },
      { key: 'units', label: 'units', width: '70px', sortable: true },
      { key: 'severity', label: 'severity', width: '90px', sortable: true, className: severityClass },
      { key: 'timestamp', label: 'timestamp', width: '190px', sortable: true, render: (pv) => formatTime(pv.timestamp) },
      { key: 'connected', label: 'connection', width: '110px', sortable: true,
        render: connection, className: (pv) => (pv.connected === false ? 'disconnected' : '') },
    ],
    onOpen: (pv) => navigate('#/pv/' + encodeURIComponent(pv.name)),
    empty: 'no PV matches',
  });
  table.sortBy('name', 1);

  let unsubscribe = null;
  let matches = () => true;

  async function apply() {
    showError(error, null);
    const query = search.value.trim();
    const tagName = tag.value.trim();
    navigate('#/pvs' + (query || tagName ? '?' + new URLSearchParams({ q: query, tag: tagName }) : ''),
      { replace: true });
    if (unsubscribe) unsubscribe();
    unsubscribe = null;
    rows.clear();
    table.setRows([]);
    summary.textContent = 'loading…';
    let spec;
    if (tagName) {
      try {
        const tagged = await namesWithTag(api, tagName);
        const pattern = new RegExp('^' + patternOf(query).replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
        const names = tagged.filter((name) => pattern.test(name));
        matches = (name) => names.includes(name);
        spec = { pvs: names };
        if (!names.length) {
          summary.textContent = `no PV has the tag ${tagName}`;
          return;
        }
      } catch (e) {
        showError(error, e);
        summary.textContent = '';
        return;
      }
    } else {
      matches = () => true; // the server sends diffs of what the pattern matches only
      spec = { patterns: [patternOf(query)] };
    }
    unsubscribe = live.subscribe(spec, {
      onSnapshot: (pvs, message) => {
        for (const pv of pvs) rows.set(pv.name, { ...pv });
        table.setRows([...rows.values()]);
        summary.textContent = `${rows.size.toLocaleString('en-US')} PVs` + (message.truncated ? ' (truncated: narrow the search)' : '')
          + (message.unknown && message.unknown.length ? `, ${message.unknown.length} unknown` : '');
      },
      onError: (message) => {
        showError(error, { message: `${message.error}: ${message.message}` });
        summary.textContent = '';
      },
    });
  }

  const stopDiffs = live.onDiffs((diffs) => {
    const changed = new Set();
    let added = false;
    for (const [name, diff] of diffs) {
      const row = rows.get(name);
      if (row) {
        for (const [field, value] of Object.entries(diff)) if (field !== 'changes') row[field] = value;
        changed.add(name);
      } else if (unsubscribe && matches(name) && (diff.changes || []).includes('FIRST')) {
        rows.set(name, { ...diff }); // a PV that appeared after the subscribe and matches its pattern
        added = true;
      }
    }
    if (added) table.setRows([...rows.values()]);
    else if (changed.size) table.rowsChanged(changed);
  });

  search.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      table.focus();
      if (table.rows.length) table.select(table.rows[0]);
    }
  });
  apply();
  search.focus();

  return () => {
    stopDiffs();
    if (unsubscribe) unsubscribe();
    table.destroy();
  };
}

function connection(pv) {
  if (pv.neverConnected) return 'never connected';
  if (pv.removed) return 'removed';
  if (pv.connected === false) return 'disconnected';
  if (pv.stale) return 'connected, stale';
  return pv.connected ? 'connected' : '';
}
