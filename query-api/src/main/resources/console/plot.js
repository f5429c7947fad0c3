// A history plot of one or more PVs (uPlot): bins chosen from the plot's width (the server's `bin`), a min/max band
// with the mean, step lines (enums, and every PV: the archive keeps changes), one y-axis per unit, log scale, drag to zoom, shift-drag to pan, undo, and in
// a live range (to = now) the tail continued from WebSocket diffs. The archive keeps changes only, so an empty bin
// while connected holds the previous value (drawn across), a disconnected bin is a gap, and the value at the start
// comes from /api/v1/history/at.

import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { numericValue } from './ui.js';

const COLOURS = ['#1f5fbf', '#c62828', '#2e7d32', '#8e24aa', '#ef6c00', '#00838f', '#6d4c41', '#455a64'];

/** Bin width in ms for a span drawn over `pixels` (one bin per pixel, at least 1 ms). */
export function binMillis(spanMs, pixels) {
  return Math.max(1, Math.ceil(spanMs / Math.max(50, pixels)));
}

export class HistoryPlot {
  /**
   * options: {api, live, pvs: [names], range: {from, to} (ms) or {span} (ms, live: to = now), log,
   * onRange(range) after zoom/pan/undo, onError(error)}
   */
  constructor(container, options) {
    this.options = options;
    this.api = options.api;
    this.live = options.live;
    this.pvs = options.pvs;
    this.range = options.range;
    this.log = !!options.log;
    this.undoStack = [];
    this.meta = new Map(); // name -> PV view (units, type, precision)
    this.loaded = null; // {from, to, binMs, perPv: Map name -> bins}
    this.root = document.createElement('div');
    this.root.className = 'plot';
    this.note = document.createElement('div');
    this.note.className = 'legend-note';
    container.append(this.root);
    this.root.after(this.note);
    this.root.historyPlot = this; // tests read what is drawn (plot.loaded, plot.uplot.data)
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(this.root);
    this.stopDiffs = this.live.onDiffs((diffs) => this.tail(diffs));
    this.unsubscribe = this.pvs.length ? this.live.subscribe({ pvs: this.pvs }) : null;
    this.ticker = setInterval(() => this.slide(), 1000);
  }

  /** The range now, in ms: {from, to, live}. */
  window() {
    if (this.range.span) {
      const to = Date.now();
      return { from: to - this.range.span, to, live: true };
    }
    return { from: this.range.from, to: this.range.to, live: false };
  }

  setRange(range, { remember = true } = {}) {
    if (remember) this.undoStack.push(this.range);
    this.range = range;
    if (this.options.onRange) this.options.onRange(range);
    return this.load();
  }

  undo() {
    const previous = this.undoStack.pop();
    if (previous) return this.setRange(previous, { remember: false });
    return Promise.resolve();
  }

  /** Moves the range by a fraction of its width (negative: back in time). */
  pan(fraction) {
    const { from, to } = this.window();
    const shift = Math.round((to - from) * fraction);
    return this.setRange({ from: from + shift, to: to + shift });
  }

  setLog(log) {
    this.log = log;
    this.draw();
  }

  async load() {
    const { from, to } = this.window();
    const width = this.root.clientWidth || 1000;
    const binMs = binMillis(to - from, width - 120);
    const perPv = new Map();
    const fromIso = new Date(from).toISOString();
    const toIso = new Date(to).toISOString();
    try {
      await Promise.all(this.pvs.filter((name) => !this.meta.has(name)).map(async (name) => {
        this.meta.set(name, await this.api.get(this.api.pvPath(name)));
      }));
      const start = this.pvs.length
        ? await this.api.post('/api/v1/history/at', { pvs: this.pvs, at: fromIso }) : { items: [] };
      await Promise.all(this.pvs.map(async (name, i) => {
        const answer = await this.api.get(this.api.pvPath(name) + '/history',
          { from: fromIso, to: toIso, bin: binMs + 'ms', stat: 'mean,min,max,count,last' }).catch((e) => {
          if (e.status === 404) return { bins: [] }; // nothing archived of it yet
          throw e;
        });
        perPv.set(name, { bins: answer.bins || [], start: start.items[i] });
      }));
    } catch (e) {
      if (this.options.onError) this.options.onError(e);
      return;
    }
    this.loaded = { from, to, binMs, perPv };
    this.draw();
  }

  /** uPlot's columns: x (s), then per PV mean, min, max. */
  columns() {
    const { from, to, binMs, perPv } = this.loaded;
    const count = Math.max(1, Math.ceil((to - from) / binMs));
    const x = Array.from({ length: count }, (_, i) => (from + i * binMs) / 1000);
    const columns = [x];
    for (const name of this.pvs) {
      const { bins, start } = perPv.get(name) || { bins: [] };
      const mean = new Array(count).fill(undefined);
      const min = new Array(count).fill(undefined);
      const max = new Array(count).fill(undefined);
      let held = start && start.state === 'ok' ? numericValue(start.value) : null;
      bins.forEach((bin, i) => {
        if (i >= count) return;
        if (bin.connected === false && !bin.count) {
          mean[i] = min[i] = max[i] = null; // disconnected: a gap
          held = null;
        } else if (bin.count) {
          mean[i] = bin.mean;
          min[i] = bin.min;
          max[i] = bin.max;
          held = bin.last ?? bin.mean;
        }
      });
      // a quiet PV still has a value: from the start and to the end of the range
      if (mean[0] === undefined && start && start.state === 'ok') mean[0] = min[0] = max[0] = numericValue(start.value);
      if (mean[count - 1] === undefined && held !== null) mean[count - 1] = min[count - 1] = max[count - 1] = held;
      columns.push(this.logSafe(mean), this.logSafe(min), this.logSafe(max));
    }
    return columns;
  }

  logSafe(values) {
    return this.log ? values.map((v) => (v !== null && v !== undefined && v <= 0 ? null : v)) : values;
  }

  draw() {
    if (!this.loaded) return;
    if (this.uplot) this.uplot.destroy();
    const units = [...new Set(this.pvs.map((name) => this.unitOf(name)))];
    const series = [{}];
    const bands = [];
    this.pvs.forEach((name, i) => {
      const colour = COLOURS[i % COLOURS.length];
      const scale = this.unitOf(name);
      // steps (a value holds until the next change): the archive keeps changes, and an enum has no in-between
      const paths = uPlot.paths.stepped({ align: 1 });
      series.push({ label: name, scale, stroke: colour, width: 1.5, paths, spanGaps: false, points: { show: false } });
      series.push({ label: name + ' min', scale, stroke: colour + '00', width: 0, paths, points: { show: false } });
      series.push({ label: name + ' max', scale, stroke: colour + '00', width: 0, paths, points: { show: false } });
      bands.push({ series: [series.length - 1, series.length - 2], fill: colour + '22' });
    });
    const axes = [{}];
    units.forEach((unit, i) => axes.push({ scale: unit, label: unit === '-' ? '' : unit, side: i % 2 ? 1 : 3,
      grid: { show: i === 0 }, size: 60, ...this.enumAxis(unit) }));
    const scales = { x: { time: true } };
    for (const unit of units) scales[unit] = { distr: this.log ? 3 : 1, auto: true };
    const { from, to } = this.loaded;
    scales.x.range = () => [from / 1000, to / 1000];
    this.uplot = new uPlot({
      width: Math.max(300, this.root.clientWidth - 12),
      height: this.options.height || 340,
      series, bands, axes, scales,
      legend: { live: true },
      cursor: { drag: { x: true, y: false, setScale: false } },
      hooks: { setSelect: [(u) => this.zoomed(u)], ready: [(u) => this.panning(u)] },
    }, this.columns(), this.root);
    // the band's edges are series of their own: keep them out of the legend
    this.uplot.root.querySelectorAll('.u-legend .u-series').forEach((row, i) => {
      if (i > 0 && (i - 1) % 3 !== 0) row.classList.add('hidden-series');
    });
    const samples = [...this.loaded.perPv.values()].reduce((n, pv) => n + pv.bins.reduce((m, b) => m + (b.count || 0), 0), 0);
    this.note.textContent = `${samples.toLocaleString('en-US')} archived changes in ${this.loaded.perPv.size} PV(s), `
      + `bins of ${this.loaded.binMs} ms; band = min…max, line = mean. Drag to zoom, shift-drag to pan.`;
  }

  /** An enum's axis ticks at whole states, named by the labels of its first PV (indexes mean nothing to a reader). */
  enumAxis(unit) {
    const pv = this.pvs.map((name) => this.meta.get(name) || {})
      .find((view) => this.unitOfView(view) === unit && view.type === 'ENUM' && view.enumLabels);
    if (!pv) return {};
    return { incrs: [1], size: 90,
      values: (u, splits) => splits.map((v) => (Number.isInteger(v) && pv.enumLabels[v] !== undefined
        ? pv.enumLabels[v] : '')) };
  }

  unitOf(name) {
    return this.unitOfView(this.meta.get(name) || {});
  }

  unitOfView(pv) {
    return pv.units || (pv.type === 'ENUM' ? 'state' : '-');
  }

  zoomed(u) {
    if (u.select.width < 5) return;
    const from = Math.round(u.posToVal(u.select.left, 'x') * 1000);
    const to = Math.round(u.posToVal(u.select.left + u.select.width, 'x') * 1000);
    u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
    if (to - from >= 1) this.setRange({ from, to });
  }

  /** Shift-drag pans: the range moves by what the pointer moved. */
  panning(u) {
    u.over.addEventListener('mousedown', (down) => {
      if (!down.shiftKey) return;
      down.stopPropagation();
      const startX = down.clientX;
      const up = (event) => {
        document.removeEventListener('mouseup', up, true);
        const fraction = -(event.clientX - startX) / u.over.clientWidth;
        if (Math.abs(fraction) > 0.005) this.pan(fraction);
      };
      document.addEventListener('mouseup', up, true);
    }, true);
  }

  /** Live range: values of diffs go on the tail; the range slides each second. */
  tail(diffs) {
    if (!this.uplot || !this.range.span) return;
    const data = this.uplot.data.map((column) => column.slice());
    let added = false;
    this.pvs.forEach((name, i) => {
      const diff = diffs.get(name);
      if (!diff || !('value' in diff)) return;
      const value = numericValue(diff.value);
      const x = Math.max(data[0][data[0].length - 1] || 0, (diff.timestamp ? Date.parse(diff.timestamp) : Date.now()) / 1000);
      data[0].push(x);
      data.forEach((column, c) => { if (c > 0) column.push(undefined); });
      for (const offset of [1, 2, 3]) data[1 + i * 3 + offset - 1][data[0].length - 1] = value;
      added = true;
    });
    if (added) this.uplot.setData(data, false);
  }

  slide() {
    if (!this.uplot || !this.range.span) return;
    const { from, to } = this.window();
    this.uplot.setScale('x', { min: from / 1000, max: to / 1000 });
  }

  fit() {
    if (this.uplot) this.uplot.setSize({ width: Math.max(300, this.root.clientWidth - 12), height: this.options.height || 340 });
  }

  /** The drawn bins as CSV: time, then mean/min/max/count of each PV. */
  csv() {
    if (!this.loaded) return '';
    const quote = (text) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    const header = ['time', ...this.pvs.flatMap((name) => ['mean', 'min', 'max', 'count'].map((s) => quote(`${name} ${s}`)))];
    const lines = [header.join(',')];
    const { from, binMs, perPv } = this.loaded;
    const count = Math.max(...this.pvs.map((name) => (perPv.get(name) || { bins: [] }).bins.length), 0);
    for (let i = 0; i < count; i++) {
      const cells = [new Date(from + i * binMs).toISOString()];
      for (const name of this.pvs) {
        const bin = (perPv.get(name) || { bins: [] }).bins[i] || {};
        cells.push(...['mean', 'min', 'max', 'count'].map((s) => (bin[s] === null || bin[s] === undefined ? '' : bin[s])));
      }
      lines.push(cells.join(','));
    }
    return lines.join('\n') + '\n';
  }

  destroy() {
    clearInterval(this.ticker);
    this.stopDiffs();
    if (this.unsubscribe) this.unsubscribe();
    this.resize.disconnect();
    if (this.uplot) this.uplot.destroy();
    this.root.remove();
    this.note.remove();
  }
}
