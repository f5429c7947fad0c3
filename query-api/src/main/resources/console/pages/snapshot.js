// Snapshot view (#/snapshot/{id}): every saved PV beside its live value (or another snapshot's, or the archive's at
// T), with Δ, Δ/tolerance, severity and connection; "differences only"; sort by |Δ|/tolerance. 40K rows in a
// virtual table; live values from WebSocket diffs, applied once per animation frame.

import { el, errorBox, showError, guarded, count, formatTime, download } from '../ui.js';
import { VirtualTable } from '../virtual-table.js';
import { byDeviation } from './snap-model.js';
import { SnapshotLive } from './snap-live.js';
import { ensureStyle, compareColumns, summaryText, toLocalInput, fromLocalInput } from './snap-ui.js';

export function mount(root, ctx) {
  ensureStyle();
  const started = performance.now();
  const id = ctx.params.id;
  delete root.dataset.firstRenderMs; // the page element outlives pages: no number of an earlier visit
  delete root.dataset.allRowsMs;
  const title = el('h1', {}, 'Snapshot');
  const meta = el('div', { class: 'muted' }, 'loading…');
  const summary = el('div', { class: 'summary-line', 'data-summary': '' });
  const filter = el('input', { type: 'search', placeholder: 'filter by name  ( / )', 'data-search': '', size: 28 });
  const diffOnly = el('input', { type: 'checkbox', 'data-differences-only': '' });
  const sort = el('select', { 'data-sort': '' }, el('option', { value: 'deviation' }, 'sort by |Δ|/tol'),
    el('option', { value: 'name' }, 'sort by name'));
  const withSelect = el('select', { 'data-compare-with': '' }, el('option', { value: 'live' }, 'live'),
    el('option', { value: 'snapshot' }, 'another snapshot…'), el('option', { value: 'archive' }, 'the archive at…'));
  const otherSnapshot = el('select', { hidden: true, 'data-other-snapshot': '' });
  const at = el('input', { type: 'datetime-local', step: 1, hidden: true, value: toLocalInput(), 'data-at': '' });
  const compareButton = el('button', { type: 'button', 'data-compare': '' }, 'Compare');
  const compareError = errorBox();
  const links = el('span', {},
    el('a', { href: `#/drift/${encodeURIComponent(id)}` }, 'Live drift'), ' · ',
    el('a', { href: `#/restore/${encodeURIComponent(id)}`, 'data-restore-link': '' }, 'Restore…'), ' · ',
    el('a', { href: '#', onclick: (event) => { event.preventDefault(); csv(); } }, 'CSV'));
  const tableBox = el('div', { class: 'page-fill' });
  root.append(title, meta, el('div', { class: 'toolbar' }, filter,
    el('label', {}, diffOnly, 'differences only'), sort, el('span', { class: 'grow' }),
    'compare with', withSelect, otherSnapshot, at, compareButton, links), compareError, summary, tableBox);

  let table = null;
  let firstRender = null;
  const model = new SnapshotLive(ctx, id, {
    rows: (rows, complete) => {
      if (!table) buildTable();
      table.setRows(rows);
      renderSummary(complete);
      if (firstRender === null && rows.length) {
        requestAnimationFrame(() => {
          firstRender = performance.now() - started;
          root.dataset.firstRenderMs = Math.round(firstRender);
        });
      }
      if (complete) {
        requestAnimationFrame(() => { root.dataset.allRowsMs = Math.round(performance.now() - started); });
      }
      renderHeader();
    },
    changed: (keys, outcomeChanged) => {
      table.rowsChanged(keys);
      renderSummary(true);
      if (outcomeChanged && diffOnly.checked) refilterSoon();
    },
    error: (e) => showError(compareError, e),
  });

  function buildTable() {
    table = new VirtualTable(tableBox, {
      columns: compareColumns(otherLabel()),
      rowClass: (row) => (row.outcome === 'different' ? 'row-different' : ''),
      onOpen: (row) => ctx.navigate('#/pv/' + encodeURIComponent(row.name)),
      empty: 'no PV to show',
    });
    applyFilter();
    applySort();
  }

  function otherLabel() {
    if (model.with === 'live') return 'live';
    if (model.with === 'archive') return 'archive at ' + formatTime(fromLocalInput(at.value));
    return 'snapshot ' + (otherSnapshot.selectedOptions[0] ? otherSnapshot.selectedOptions[0].textContent : '');
  }

  function renderHeader() {
    const header = model.header;
    if (!header) return;
    title.textContent = `Snapshot “${header.name}”`;
    meta.textContent = `${count(header.pvCount)} PVs · taken ${formatTime(header.takenAt)}`
      + (header.author ? ` by ${header.author}` : '') + ` · ${header.state}`
      + (header.tags && header.tags.length ? ` · tags: ${header.tags.join(', ')}` : '')
      + (header.comment ? ` · ${header.comment}` : '');
  }

  function renderSummary(complete) {
    summary.textContent = summaryText(model.summary) + (complete ? '' : ' · loading all rows…');
    summary.dataset.different = model.summary.different;
    summary.dataset.total = model.summary.total;
  }

  function applyFilter() {
    const text = filter.value.trim().toLowerCase();
    const differing = diffOnly.checked;
    table.setFilter(!text && !differing ? null
      : (row) => (!differing || row.outcome !== 'equal') && (!text || row.name.toLowerCase().includes(text)));
  }

  function applySort() {
    if (sort.value === 'deviation') {
      table.sort = null;
      table.all.sort(byDeviation);
      table.recompute();
    } else {
      table.sortBy('name', 1);
    }
  }

  let refilterTimer = null;
  function refilterSoon() {
    if (refilterTimer) return;
    refilterTimer = setTimeout(() => { refilterTimer = null; if (table) table.recompute(); }, 1000);
  }

  async function compare() {
    const mode = withSelect.value;
    if (mode === 'snapshot' && !otherSnapshot.value) {
      showError(compareError, new Error('choose the snapshot to compare with'));
      return;
    }
    await guarded(compareButton, compareError, async () => {
      if (table) { table.destroy(); table = null; }
      if (mode === 'live') await model.load('live');
      else if (mode === 'archive') await model.load('archive', fromLocalInput(at.value));
      else await model.load(otherSnapshot.value);
    });
  }

  async function loadOtherSnapshots() {
    const page = await ctx.api.get('/api/v1/snapshots', { limit: 100 }).catch(() => ({ items: [] }));
    otherSnapshot.replaceChildren(el('option', { value: '' }, '(choose)'), ...page.items.filter((s) => s.id !== id)
      .map((s) => el('option', { value: s.id }, `${s.name} · ${formatTime(s.takenAt)}`)));
  }

  async function csv() {
    await guarded(null, compareError, async () => {
      const text = await ctx.api.request('GET', `/api/v1/snapshots/${encodeURIComponent(id)}`,
        { query: { format: 'csv' }, headers: { Accept: 'text/csv' } });
      download(`snapshot-${(model.header && model.header.name || id).replace(/[^\w.-]+/g, '_')}.csv`, text);
    });
  }

  filter.addEventListener('input', () => table && applyFilter());
  diffOnly.addEventListener('change', () => table && applyFilter());
  sort.addEventListener('change', () => table && applySort());
  withSelect.addEventListener('change', () => {
    otherSnapshot.hidden = withSelect.value !== 'snapshot';
    at.hidden = withSelect.value !== 'archive';
    if (withSelect.value === 'snapshot' && otherSnapshot.options.length === 0) loadOtherSnapshots();
    if (withSelect.value === 'live') compare();
  });
  compareButton.addEventListener('click', compare);
  if (!ctx.can('restorer')) {
    const link = links.querySelector('[data-restore-link]');
    link.title = 'restoring needs a restorer key';
  }

  model.load('live');
  return () => {
    model.close();
    clearTimeout(refilterTimer);
    if (table) table.destroy();
  };
}
