// Live drift (#/drift/{id}): a snapshot against the live values, kept current by WebSocket diffs: "312 of 40,000
// out of tolerance", and the PVs out of tolerance, the furthest first (re-sorted at most once a second, so rows do
// not jump under the pointer at every diff).

import { el, errorBox, showError, count, formatTime } from '../ui.js';
import { VirtualTable } from '../virtual-table.js';
import { byDeviation } from './snap-model.js';
import { SnapshotLive } from './snap-live.js';
import { ensureStyle, compareColumns, summaryText } from './snap-ui.js';

const RESORT_MS = 1000;

export function mount(root, ctx) {
  ensureStyle();
  const id = ctx.params.id;
  const title = el('h1', {}, 'Live drift');
  const counter = el('div', { class: 'drift-count', 'data-drift-count': '' }, '…');
  const detail = el('div', { class: 'muted' });
  const error = errorBox();
  const showAll = el('input', { type: 'checkbox' });
  const tableBox = el('div', { class: 'page-fill' });
  root.append(title, counter, detail, el('div', { class: 'toolbar' },
    el('label', {}, showAll, 'also missing and disconnected PVs'), el('span', { class: 'grow' }),
    el('a', { href: `#/snapshot/${encodeURIComponent(id)}` }, 'Snapshot view'), ' · ',
    el('a', { href: `#/restore/${encodeURIComponent(id)}` }, 'Restore…')), error, tableBox);

  const table = new VirtualTable(tableBox, {
    columns: compareColumns('live'),
    onOpen: (row) => ctx.navigate('#/pv/' + encodeURIComponent(row.name)),
    empty: 'every PV is within tolerance',
  });
  let resortTimer = null;
  let complete = false;

  const model = new SnapshotLive(ctx, id, {
    rows: (rows, done) => {
      complete = done;
      refilter();
      render();
    },
    changed: (keys, outcomeChanged) => {
      table.rowsChanged(keys);
      render();
      if (outcomeChanged || showAll.checked) resortSoon();
    },
    error: (e) => showError(error, e),
  });

  function refilter() {
    const rows = model.rows.filter((row) => row.outcome === 'different'
      || (showAll.checked && row.outcome !== 'equal'));
    rows.sort(byDeviation);
    table.setRows(rows);
  }

  function resortSoon() {
    if (resortTimer) return;
    resortTimer = setTimeout(() => { resortTimer = null; refilter(); }, RESORT_MS);
  }

  function render() {
    const summary = model.summary;
    counter.textContent = summaryText(summary).split(' · ')[0] + (complete ? '' : ' (loading…)');
    counter.className = 'drift-count ' + (summary.different ? 'bad' : 'ok');
    counter.dataset.different = summary.different;
    counter.dataset.total = summary.total;
    const header = model.header;
    detail.textContent = (header ? `“${header.name}”, taken ${formatTime(header.takenAt)} · ` : '')
      + `${count(summary.equal)} equal · ${count(summary.missing)} missing · `
      + `${count(summary.disconnected)} disconnected · live from the change stream`;
    if (header) title.textContent = `Live drift of “${header.name}”`;
  }

  showAll.addEventListener('change', refilter);
  model.load('live');
  return () => {
    model.close();
    clearTimeout(resortTimer);
    table.destroy();
  };
}
