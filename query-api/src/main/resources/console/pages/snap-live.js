// A snapshot beside its other side, kept current: the rows of GET /snapshots/{id}/compare (saved and live, or saved
// and another snapshot / the archive at T), then, against live, every WebSocket diff of its PVs applied once per
// animation frame. 40K rows: the first screen comes from a small compare (the differing PVs first), all rows from
// a second one; the diffs of the PVs go through one pattern subscription when there are too many to name.

import { rowFromCompareItem, applyLive, liveSpec, summarize } from './snap-model.js';

const FIRST_SCREEN = 200;
const ALL = 50000;

export class SnapshotLive {
  /**
   * @param ctx the page context ({api, live})
   * @param id the snapshot's id
   * @param listener {rows(rows, complete), changed(keysSet, outcomeChanged), error(e)}
   */
  constructor(ctx, id, listener) {
    this.ctx = ctx;
    this.id = id;
    this.listener = listener;
    this.byName = new Map();
    this.rows = [];
    this.header = null;
    this.with = 'live';
    this.unsubscribe = null;
    this.offDiffs = null;
    this.generation = 0;
    this.summary = summarize([]);
  }

  /** Loads the rows against `withWhat` ('live', another snapshot's id, or 'archive' with at). */
  async load(withWhat = 'live', at = null) {
    const generation = ++this.generation;
    this.with = withWhat;
    this.stopLive();
    const query = { with: withWhat, at, sort: 'deviation' };
    const path = `/api/v1/snapshots/${encodeURIComponent(this.id)}/compare`;
    try {
      const [header, first] = await Promise.all([
        this.header ? Promise.resolve(this.header)
          : this.ctx.api.get(`/api/v1/snapshots/${encodeURIComponent(this.id)}`, { limit: 0 }),
        this.ctx.api.get(path, { ...query, limit: FIRST_SCREEN }),
      ]);
      if (generation !== this.generation) return;
      this.header = header;
      this.setRows(first.items, first.summary, !first.truncated);
      const all = first.truncated ? await this.ctx.api.get(path, { ...query, limit: ALL }) : first;
      if (generation !== this.generation) return;
      if (all !== first) this.setRows(all.items, all.summary, true);
      if (withWhat === 'live') await this.startLive(generation, path, query);
    } catch (e) {
      if (generation === this.generation) this.listener.error(e);
    }
  }

  setRows(items, summary, complete) {
    const live = this.with === 'live';
    this.rows = items.map((item) => rowFromCompareItem(item, live));
    this.byName = new Map(this.rows.map((row) => [row.name, row]));
    this.summary = complete ? summarize(this.rows) : { ...summary };
    this.listener.rows(this.rows, complete);
  }

  /** Subscribes to the PVs' diffs; then reads live once more, so a change between the first read and the
   * subscription is not missed (diffs and reads are merged by timestamp: the newer wins). */
  async startLive(generation, path, query) {
    this.offDiffs = this.ctx.live.onDiffs((diffs) => this.applyDiffs(diffs.values()));
    const names = this.rows.map((row) => row.name);
    await new Promise((resolve) => {
      this.unsubscribe = this.ctx.live.subscribe(liveSpec(this.header, names), {
        onSnapshot: (pvs) => { this.applyDiffs(pvs); resolve(); },
        onError: (message) => { this.listener.error({ message: message.message, error: message.error }); resolve(); },
      });
      setTimeout(resolve, 5000); // a socket that is down: the diffs come when it is back
    });
    if (generation !== this.generation || this.rows.length <= 10000) return;
    const again = await this.ctx.api.get(path, { ...query, limit: ALL });
    if (generation !== this.generation) return;
    this.applyDiffs(again.items.filter((item) => item.other).map((item) => ({
      name: item.name, value: item.other.value, severity: item.other.severity, timestamp: item.other.timestamp,
      connected: item.other.state !== 'disconnected',
    })));
  }

  applyDiffs(diffs) {
    const keys = new Set();
    let outcomeChanged = false;
    for (const diff of diffs) {
      const row = this.byName.get(diff.name);
      if (!row) continue; // a PV of the pattern that the snapshot does not hold
      const before = row.outcome;
      applyLive(row, diff);
      keys.add(row.name);
      if (row.outcome !== before) {
        outcomeChanged = true;
        this.summary[before]--;
        this.summary[row.outcome]++;
      }
    }
    if (keys.size) this.listener.changed(keys, outcomeChanged);
  }

  stopLive() {
    if (this.unsubscribe) this.unsubscribe();
    if (this.offDiffs) this.offDiffs();
    this.unsubscribe = null;
    this.offDiffs = null;
  }

  close() {
    this.generation++;
    this.stopLive();
  }
}
