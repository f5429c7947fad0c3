// History plot page: #/history?pvs=a,b&range=1h (live: to = now) or &from=ISO&to=ISO (a fixed range).
// The URL always holds the PVs and the range, so the address is the permalink.

import { el, errorBox, showError, download } from '../ui.js';
import { HistoryPlot } from '../plot.js';

export const QUICK_RANGES = [['1m', 60e3], ['5m', 300e3], ['15m', 900e3], ['1h', 3600e3], ['6h', 21600e3],
  ['1d', 86400e3], ['7d', 604800e3], ['30d', 2592000e3]];

/** The range of a route's params: {span} for ?range=1h (default 1h), else {from, to} in ms. */
export function rangeOf(params) {
  const from = params.from ? Date.parse(params.from) : NaN;
  const to = params.to ? Date.parse(params.to) : NaN;
  if (Number.isFinite(from) && Number.isFinite(to) && from < to) return { from, to };
  const quick = QUICK_RANGES.find(([label]) => label === params.range);
  return { span: quick ? quick[1] : 3600e3 };
}

/** The query of a route that shows these PVs over this range. */
export function queryOf(pvs, range) {
  const query = new URLSearchParams({ pvs: pvs.join(',') });
  if (range.span) query.set('range', (QUICK_RANGES.find(([, ms]) => ms === range.span) || ['1h'])[0]);
  else {
    query.set('from', new Date(range.from).toISOString());
    query.set('to', new Date(range.to).toISOString());
  }
  return query.toString();
}

/** A file name for the CSV of this plot: pvstream-history_<PVs>_<from>_<to>.csv, safe on every file system. */
export function csvFileName(pvs, from, to) {
  const safe = (text) => text.replace(/[^A-Za-z0-9._-]+/g, '-');
  const what = pvs.length === 1 ? pvs[0] : `${pvs.length}-pvs`;
  return `pvstream-history_${safe(what)}_${safe(new Date(from).toISOString())}_${safe(new Date(to).toISOString())}.csv`;
}

export function mount(root, ctx) {
  const { params, navigate } = ctx;
  let pvs = (params.pvs || '').split(',').map((name) => name.trim()).filter(Boolean);
  const input = el('input', { type: 'search', size: 50, value: pvs.join(', '), 'data-search': true,
    placeholder: 'PV names, separated by commas', 'aria-label': 'PVs to plot' });
  const error = errorBox();
  const permalink = el('a', { href: '#' }, 'permalink');
  const log = el('input', { type: 'checkbox', onchange: () => plot && plot.setLog(log.checked) });
  const ranges = el('span', { class: 'ranges' }, QUICK_RANGES.map(([label, span]) => el('button', {
    type: 'button', dataset: { range: label }, onclick: () => plot && plot.setRange({ span }) }, label)));
  const toolbar = el('div', { class: 'toolbar' },
    ranges,
    el('button', { type: 'button', title: 'back half a range', onclick: () => plot && plot.pan(-0.5) }, '◀'),
    el('button', { type: 'button', title: 'forward half a range', onclick: () => plot && plot.pan(0.5) }, '▶'),
    el('button', { type: 'button', 'data-undo': true, onclick: () => plot && plot.undo() }, 'Undo zoom'),
    el('label', {}, log, 'log scale'),
    el('button', { type: 'button', onclick: csv }, 'Download CSV'),
    permalink);
  const area = el('div');
  root.append(el('h1', {}, 'History'),
    el('form', { class: 'toolbar', onsubmit: (event) => { event.preventDefault(); show(); } },
      input, el('button', { type: 'submit' }, 'Plot')),
    toolbar, error, area);

  let plot = null;
  let range = rangeOf(params);

  function onRange(next) {
    range = next;
    const query = queryOf(pvs, range);
    permalink.href = '#/history?' + queryOf(pvs, plot ? fixed(plot) : range);
    navigate('#/history?' + query, { replace: true });
    for (const button of ranges.children) {
      const span = QUICK_RANGES.find(([label]) => label === button.dataset.range)[1];
      button.classList.toggle('active', range.span === span);
    }
  }

  function show() {
    pvs = input.value.split(/[,\s]+/).map((name) => name.trim()).filter(Boolean);
    if (plot) plot.destroy();
    plot = null;
    showError(error, null);
    if (!pvs.length) {
      area.replaceChildren(el('p', { class: 'muted' }, 'Name one or more PVs to plot their history.'));
      return;
    }
    area.replaceChildren();
    plot = new HistoryPlot(area, { api: ctx.api, live: ctx.live, pvs, range, log: log.checked,
      onRange, onError: (e) => showError(error, e) });
    onRange(range);
    plot.load().then(() => onRange(range));
  }

  function csv() {
    if (!plot || !plot.loaded) return;
    download(csvFileName(pvs, plot.loaded.from, plot.loaded.to), plot.csv());
  }

  show();
  return () => {
    if (plot) plot.destroy();
  };
}

/** A live range as the fixed range it shows now (what a permalink must hold). */
function fixed(plot) {
  const { from, to } = plot.window();
  return { from, to };
}
