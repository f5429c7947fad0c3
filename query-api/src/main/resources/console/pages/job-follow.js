// Follows one restore job live: its progress from WebSocket `job` messages and each PV's result from `jobResults`
// messages (subscribed first, then the results so far read once from GET /api/v1/jobs/{id}; of the two, the newer
// result of a PV stands).

import { newerResult } from './snap-model.js';

const PAGE = 10000;

export class JobFollower {
  /** listener: {job(view), results(changedNames: Set), error(e)} */
  constructor(ctx, jobId, listener) {
    this.ctx = ctx;
    this.jobId = jobId;
    this.listener = listener;
    this.results = new Map();
    this.job = null;
    this.offs = [];
  }

  async start() {
    const { live } = this.ctx;
    let announced;
    const known = new Promise((resolve) => { announced = resolve; });
    this.offs.push(live.onJob((jobs) => {
      const job = jobs.get(this.jobId);
      if (job && (!this.job || job.updatedNs >= this.job.updatedNs)) {
        this.job = job;
        this.listener.job(job);
      }
      if (job) announced();
    }));
    this.offs.push(live.onJobResults((byJob) => {
      const results = byJob.get(this.jobId);
      if (results) this.merge(results);
    }));
    // A job just started may not be in the job stores yet: the subscribe names it "unknown" and its first job
    // message says it is there. Only then are its results read (a read before would be a 404).
    const subscribed = await new Promise((resolve) => {
      this.offs.push(live.subscribe({ jobs: [this.jobId] }, {
        onSubscribed: resolve,
        onError: (message) => { this.listener.error({ message: message.message, error: message.error }); resolve(null); },
      }));
    });
    if (!subscribed) return;
    if ((subscribed.unknown || []).includes(this.jobId)) await known;
    if (this.offs.length) await this.readResults();
  }

  /** Reads every result so far (after a retry too: the REST pages know which PVs await their retry). */
  async readResults() {
    let cursor = null;
    try {
      do {
        const page = await this.ctx.api.get(`/api/v1/jobs/${encodeURIComponent(this.jobId)}`, { limit: PAGE, cursor });
        if (!this.job || page.job.updatedNs >= this.job.updatedNs) {
          this.job = page.job;
          this.listener.job(page.job);
        }
        this.merge(page.results.items, true);
        cursor = page.results.next;
      } while (cursor);
    } catch (e) {
      this.listener.error(e);
    }
  }

  merge(results, fromRest = false) {
    const changed = new Set();
    for (const result of results) {
      const current = this.results.get(result.pvName);
      // REST knows AWAITING_RETRY (a retried PV's old result): it replaces the old result of the same attempt
      const next = fromRest && current && current.attempt === result.attempt ? result : newerResult(current, result);
      if (next !== current) {
        this.results.set(result.pvName, next);
        changed.add(result.pvName);
      }
    }
    if (changed.size) this.listener.results(changed);
  }

  close() {
    for (const off of this.offs) off();
    this.offs = [];
  }
}
