// PV detail: metadata, limits, connection, its monitoring spec (editable with the admin role) and a history plot.
// The value, severity and connection stay live from WebSocket diffs.

import { el, errorBox, showError, guarded, formatValue, formatTime, severityClass, replace } from '../ui.js';
import { HistoryPlot } from '../plot.js';
import { queryOf } from './history.js';

export function mount(root, ctx) {
  const { api, live, params } = ctx;
  const name = params.name;
  const error = errorBox();
  const valueBox = el('div', { class: 'panel' });
  const metaBox = el('div', { class: 'panel' });
  const specBox = el('div', { class: 'panel' });
  const plotArea = el('div');
  const range = { span: 3600e3 };
  root.append(
    el('div', { class: 'toolbar' }, el('h1', { class: 'grow' }, name),
      el('a', { href: '#/history?' + queryOf([name], range) }, 'open in History'),
      el('a', { href: '#/pvs' }, 'all PVs')),
    error,
    el('div', { class: 'grid' }, valueBox, metaBox, specBox),
    el('h2', {}, 'History (last hour)'), plotArea);

  let pv = null;
  const render = () => {
    if (!pv) return;
    replace(valueBox, el('h2', {}, 'Value'), kv([
      ['value', el('span', { class: severityClass(pv), 'data-value': true }, formatValue(pv.value, pv.precision) + (pv.units ? ' ' + pv.units : ''))],
      ['severity', el('span', { class: severityClass(pv) }, `${pv.severity ?? ''} ${pv.status ? '(' + pv.status + ')' : ''}`)],
      ['timestamp', formatTime(pv.timestamp)],
      ['connection', pv.neverConnected ? 'never connected' : pv.connected ? 'connected' : 'disconnected'],
      ['server', pv.server], ['since', formatTime(pv.connectionSince)], ['ingest', pv.instance],
      ['stale', pv.stale ? 'since ' + formatTime(pv.staleSince) : 'no'], ['error', pv.error],
    ]));
    const limits = pv.limits || {};
    replace(metaBox, el('h2', {}, 'Metadata and limits'), kv([
      ['type', pv.type && `${pv.type}${pv.count > 1 ? '[' + pv.count + ']' : ''}`], ['units', pv.units],
      ['precision', pv.precision], ['enum labels', pv.enumLabels && pv.enumLabels.join(', ')],
      ['display', range2(limits.displayLow, limits.displayHigh)],
      ['alarm', `LOLO ${n(limits.alarmLoLo)} · LOW ${n(limits.alarmLow)} · HIGH ${n(limits.alarmHigh)} · HIHI ${n(limits.alarmHiHi)}`],
      ['drive', range2(limits.controlLow, limits.controlHigh)],
      ['access', `${pv.readAccess ? 'read' : ''}${pv.writeAccess ? ' write' : ''}`],
    ]));
  };

  api.get(api.pvPath(name)).then((view) => { pv = view; render(); }).catch((e) => showError(error, e));
  const unsubscribe = live.subscribe({ pvs: [name] }, { onSnapshot: (views) => {
    if (views[0]) { pv = { ...pv, ...views[0] }; render(); }
  } });
  const stopDiffs = live.onDiffs((diffs) => {
    const diff = diffs.get(name);
    if (!diff || !pv) return;
    for (const [field, value] of Object.entries(diff)) if (field !== 'changes') pv[field] = value;
    render();
  });
  specForm(specBox, ctx, name);
  const plot = new HistoryPlot(plotArea, { api, live, pvs: [name], range, height: 260,
    onError: (e) => showError(error, e) });
  plot.load();

  return () => {
    stopDiffs();
    unsubscribe();
    plot.destroy();
  };
}

/** The PV's monitoring spec (pv.config): deadbands and tags; saving needs the admin role. */
function specForm(box, ctx, name) {
  const { api, can } = ctx;
  const deadband = el('input', { type: 'number', step: 'any', min: 0, size: 8, name: 'deadband' });
  const archiveDeadband = el('input', { type: 'number', step: 'any', min: 0, size: 8, name: 'archiveDeadband' });
  const tags = el('input', { type: 'text', size: 22, name: 'tags', placeholder: 'linac, bpm' });
  const save = el('button', { type: 'submit', class: 'primary', 'data-write': 'admin' }, 'Save monitoring');
  const saveError = errorBox();
  const saved = el('span', { class: 'muted' });
  const allowed = can('admin');
  if (!allowed && ctx.session.authenticated) {
    save.disabled = true;
    save.title = `needs the admin role; your key is ${ctx.session.role}`;
  }
  const form = el('form', { class: 'kv', onsubmit: async (event) => {
    event.preventDefault();
    saved.textContent = '';
    const spec = {};
    if (deadband.value !== '') spec.deadband = Number(deadband.value);
    if (archiveDeadband.value !== '') spec.archiveDeadband = Number(archiveDeadband.value);
    spec.tags = tags.value.split(/[,\s]+/).filter(Boolean);
    const answer = await guarded(save, saveError, () => api.put('/api/v1/config/pvs/' + encodeURIComponent(name), spec));
    if (answer) saved.textContent = 'saved';
    if (!allowed && ctx.session.authenticated) save.disabled = true;
  } },
  el('dt', {}, 'deadband'), el('dd', {}, deadband),
  el('dt', {}, 'archive deadband'), el('dd', {}, archiveDeadband),
  el('dt', {}, 'tags'), el('dd', {}, tags),
  el('dt', {}, ''), el('dd', {}, save, ' ', saved, saveError));
  replace(box, el('h2', {}, 'Monitoring (pv.config)'), form);
  api.get('/api/v1/config/pvs/' + encodeURIComponent(name)).then((spec) => {
    if (spec.deadband !== null && spec.deadband !== undefined) deadband.value = spec.deadband;
    if (spec.archiveDeadband !== null && spec.archiveDeadband !== undefined) archiveDeadband.value = spec.archiveDeadband;
    tags.value = (spec.tags || []).join(', ');
  }).catch((e) => { if (e.status !== 404) showError(saveError, e); });
}

function kv(pairs) {
  return el('dl', { class: 'kv' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function n(value) {
  return value === null || value === undefined ? '–' : String(value);
}

function range2(low, high) {
  return low === null && high === null ? null : `${n(low)} … ${n(high)}`;
}

