// Restore (#/restore/{id}): choose the PVs (filter, all differing), a dry run first, then a confirm dialog that
// states the counts, optionally after a "before restore" snapshot of the same PVs (one click undoes the restore).
// Progress is live: the job's counts and each PV's state (queued, verified, not verified, failed, skipped) from
// WebSocket job events, failures first; failed PVs can be retried.

import { el, errorBox, showError, guarded, count, dialog, badge } from '../ui.js';
import { VirtualTable } from '../virtual-table.js';
import { resultState, RESULT_ORDER } from './snap-model.js';
import { SnapshotLive } from './snap-live.js';
import { JobFollower } from './job-follow.js';
import { ensureStyle, compareColumns } from './snap-ui.js';

export function mount(root, ctx) {
  ensureStyle();
  const id = ctx.params.id;
  const allowed = ctx.can('restorer');
  const selected = new Set();
  const title = el('h1', {}, 'Restore');
  const filter = el('input', { type: 'search', placeholder: 'filter by name  ( / )', 'data-search': '' });
  const diffOnly = el('input', { type: 'checkbox' });
  const selectDiffering = el('button', { type: 'button', 'data-select-differing': '' }, 'Select all differing');
  const selectShown = el('button', { type: 'button' }, 'Select shown');
  const clear = el('button', { type: 'button' }, 'Clear');
  const chosen = el('span', { class: 'muted', 'data-selected-count': '' });
  const dryRun = el('button', { type: 'button', 'data-dry-run': '' }, 'Dry run');
  const restore = el('button', { type: 'button', class: 'primary danger', disabled: true, 'data-restore': '' }, 'Restore…');
  const before = el('input', { type: 'checkbox', checked: true, 'data-before-snapshot': '' });
  const actionError = errorBox();
  const rowsBox = el('div', { class: 'page-fill' });
  const jobBox = el('div', { class: 'panel', hidden: true, 'data-job': '' });
  root.append(title,
    el('div', { class: 'toolbar' }, filter, el('label', {}, diffOnly, 'differences only'), selectDiffering, selectShown,
      clear, chosen, el('span', { class: 'grow' }), el('label', {}, before, 'first save a “before restore” snapshot'),
      dryRun, restore),
    actionError, jobBox, rowsBox);
  if (!allowed) {
    for (const control of [dryRun, restore]) {
      control.disabled = true;
      control.title = 'restoring needs a restorer key';
    }
    showError(actionError, { message: 'Your key cannot restore (a restorer or admin key can): the rows are shown read-only.' });
  }

  const checkbox = (row) => el('input', { type: 'checkbox', checked: selected.has(row.name), disabled: row.saved.readOnly,
    title: row.saved.readOnly ? 'read-only in its configuration: never written' : '',
    onclick: (event) => { event.stopPropagation(); toggle(row.name, event.target.checked); } });
  const table = new VirtualTable(rowsBox, {
    columns: [{ key: 'pick', label: '', width: '30px', render: checkbox }, ...compareColumns('live'),
      { key: 'ro', label: 'read-only', width: '80px', render: (row) => (row.saved.readOnly ? 'yes' : '') }],
    rowClass: (row) => (row.outcome === 'different' ? 'row-different' : ''),
    empty: 'no PV to show',
  });

  const model = new SnapshotLive(ctx, id, {
    rows: (rows) => {
      table.setRows(rows);
      if (model.header) title.textContent = `Restore “${model.header.name}”`;
      renderChosen();
    },
    changed: (keys) => table.rowsChanged(keys),
    error: (e) => showError(actionError, e),
  });

  function toggle(name, on) {
    if (on) selected.add(name); else selected.delete(name);
    planChanged();
  }
  function planChanged() {
    restore.disabled = true; // a new selection needs a new dry run
    renderChosen();
  }
  function renderChosen() {
    const differing = model.rows.filter((row) => selected.has(row.name) && row.outcome === 'different').length;
    chosen.textContent = `${count(selected.size)} selected (${count(differing)} differ from live)`;
    chosen.dataset.selected = selected.size;
    dryRun.disabled = !allowed || !selected.size;
    table.rowsChanged(new Set(model.rows.map((row) => row.name)));
  }
  function applyFilter() {
    const text = filter.value.trim().toLowerCase();
    table.setFilter(!text && !diffOnly.checked ? null
      : (row) => (!diffOnly.checked || row.outcome !== 'equal') && (!text || row.name.toLowerCase().includes(text)));
  }
  filter.addEventListener('input', applyFilter);
  diffOnly.addEventListener('change', applyFilter);
  selectDiffering.addEventListener('click', () => {
    model.rows.forEach((row) => { if (row.outcome === 'different' && !row.saved.readOnly) selected.add(row.name); });
    planChanged();
  });
  selectShown.addEventListener('click', () => {
    table.rows.forEach((row) => { if (!row.saved.readOnly) selected.add(row.name); });
    planChanged();
  });
  clear.addEventListener('click', () => { selected.clear(); planChanged(); });

  let follower = null;
  let resultsTable = null;

  dryRun.addEventListener('click', () => guarded(dryRun, actionError, async () => {
    const pvs = [...selected];
    const started = await ctx.api.post(`/api/v1/snapshots/${encodeURIComponent(id)}/restore`, { pvs, dryRun: true });
    follow(started.jobId, 'Dry run', pvs, (job) => {
      if (job.state !== 'RUNNING') restore.disabled = !allowed || !selected.size;
    });
  }));

  restore.addEventListener('click', () => guarded(restore, actionError, async () => {
    const pvs = [...selected];
    const differing = model.rows.filter((row) => selected.has(row.name) && row.outcome === 'different').length;
    if (follower && follower.job && follower.results.size < follower.job.total) await follower.readResults();
    // what the dry run decided, PV by PV: PLANNED would be written, SKIPPED_* would not
    const planned = follower ? [...follower.results.values()].filter((r) => r.outcome === 'PLANNED').length : 0;
    const skipped = follower ? follower.results.size - planned : 0;
    const ok = await dialog({
      title: 'Restore these PVs?', confirm: `Write ${count(planned)} PVs`, danger: true,
      body: el('div', { 'data-confirm': '' },
        el('p', {}, `Snapshot “${model.header ? model.header.name : id}”: ${count(pvs.length)} PVs chosen, `
          + `${count(differing)} differ from live now.`),
        el('p', {}, `The dry run would write ${count(planned)} and skip ${count(skipped)} (read-only, no saved `
          + 'value or no write access).'),
        el('p', {}, before.checked ? 'A “before restore” snapshot of these PVs is saved first: restoring it undoes this.'
          : 'No “before restore” snapshot will be saved.')),
    });
    if (!ok) return;
    let undo = null;
    if (before.checked) {
      const saved = await ctx.api.post('/api/v1/snapshots', {
        name: `before restore of ${model.header ? model.header.name : id}`.slice(0, 200),
        comment: `saved by the console before restoring snapshot ${id}`, tags: ['before-restore'], pvs });
      undo = saved;
    }
    const started = await ctx.api.post(`/api/v1/snapshots/${encodeURIComponent(id)}/restore`, { pvs, dryRun: false });
    restore.disabled = true;
    follow(started.jobId, 'Restore', pvs, null, undo);
  }));

  function follow(jobId, label, pvs, onJob, undo) {
    if (follower) follower.close();
    if (resultsTable) resultsTable.destroy();
    const counts = el('div', { class: 'counts', 'data-job-counts': '' });
    const retry = el('button', { type: 'button', disabled: true, 'data-retry': '' }, 'Retry failed');
    const jobError = errorBox();
    const undoButton = undo ? el('button', { type: 'button', 'data-undo': '' }, `Undo: restore “${undo.name}”`) : '';
    const resultsBox = el('div', { class: 'page-fill', style: 'min-height: 220px' });
    jobBox.hidden = false;
    jobBox.dataset.state = '';
    jobBox.dataset.jobLabel = label;
    jobBox.replaceChildren(el('h2', {}, `${label} `, el('span', { class: 'mono' }, jobId), ' ', el('span', { 'data-job-state': '' })),
      counts, el('div', { class: 'toolbar' }, retry, undoButton), jobError, resultsBox);
    const rows = pvs.map((name) => ({ name, result: null, state: 'queued' }));
    const byName = new Map(rows.map((row) => [row.name, row]));
    const results = new VirtualTable(resultsBox, {
      columns: [
        { key: 'name', label: 'PV', width: 'minmax(180px, 2fr)', sortable: true },
        { key: 'state', label: 'state', width: '110px', sortable: true, className: (row) => 'result-' + row.state.replace(' ', '-'),
          sortValue: (row) => RESULT_ORDER.indexOf(row.state) },
        { key: 'outcome', label: 'outcome', width: '170px', render: (row) => (row.result ? row.result.outcome : '') },
        { key: 'readback', label: 'readback', render: (row) => (row.result ? row.result.readback ?? '' : '') },
        { key: 'tries', label: 'tries', width: '50px', render: (row) => (row.result ? row.result.tries : '') },
        { key: 'message', label: 'message', width: 'minmax(160px, 2fr)', render: (row) => (row.result ? row.result.message ?? '' : '') },
      ],
      empty: 'no PV',
    });
    resultsTable = results;
    results.setRows(rows);
    results.sortBy('state', 1);
    let resortTimer = null;
    follower = new JobFollower(ctx, jobId, {
      job: (job) => {
        jobBox.querySelector('[data-job-state]').replaceChildren(badge(job.state));
        jobBox.dataset.state = job.state;
        counts.replaceChildren(...['total', 'written', 'verified', 'notVerified', 'failed', 'skipped', 'pending']
          .map((key) => el('span', { dataset: { count: key } }, `${key} ${count(job[key])}`)));
        retry.disabled = !allowed || job.state === 'RUNNING' || !(job.failed + job.notVerified);
        if (onJob) onJob(job);
      },
      results: (changed) => {
        for (const name of changed) {
          const row = byName.get(name);
          if (!row) continue;
          row.result = follower.results.get(name);
          row.state = resultState(row.result);
        }
        results.rowsChanged(changed);
        if (!resortTimer) resortTimer = setTimeout(() => { resortTimer = null; results.recompute(); }, 500);
      },
      error: (e) => showError(jobError, e),
    });
    follower.start();
    retry.addEventListener('click', () => guarded(retry, jobError, async () => {
      await ctx.api.post(`/api/v1/jobs/${encodeURIComponent(jobId)}/retry`);
      await follower.readResults();
    }));
    if (undo) {
      undoButton.addEventListener('click', () => guarded(undoButton, jobError, async () => {
        const ok = await dialog({ title: 'Undo the restore?', confirm: `Write ${count(pvs.length)} PVs back`, danger: true,
          body: `Restores “${undo.name}”: the ${count(pvs.length)} PVs as they were just before.` });
        if (!ok) return;
        const started = await ctx.api.post(`/api/v1/snapshots/${encodeURIComponent(undo.id)}/restore`, { pvs, dryRun: false });
        follow(started.jobId, 'Undo', pvs, null, null);
      }));
    }
  }

  model.load('live');
  return () => {
    model.close();
    if (follower) follower.close();
    if (resultsTable) resultsTable.destroy();
    table.destroy();
  };
}
