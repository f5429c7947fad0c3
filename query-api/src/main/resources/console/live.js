// ONE WebSocket per page load to /api/v1/ws (key as ?token=: browsers cannot set headers on a WebSocket).
// Pages subscribe to PVs, patterns and jobs through it; subscriptions are counted, so two pages (or a page and its
// plot) asking for the same PV share one server subscription. Diffs are merged per PV as they arrive and handed to
// the listeners once per animation frame, so a burst of messages costs one repaint. On a lost connection it
// reconnects with back-off and subscribes again: the server's snapshot of each subscription brings the state back.

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15000;

export class Live {
  /** @param socketUrl () => the ws:// URL to open now (with the current key) */
  constructor(socketUrl) {
    this.socketUrl = socketUrl;
    this.socket = null;
    this.nextId = 1;
    this.counts = { pvs: new Map(), patterns: new Map(), jobs: new Map() };
    this.subscribers = new Set(); // {pvs, patterns, jobs, onSnapshot, onSubscribed}
    this.pendingById = new Map(); // subscribe id -> subscriber waiting for its answer
    this.diffListeners = new Set();
    this.jobListeners = new Set();
    this.jobResultListeners = new Set();
    this.pendingJobResults = new Map(); // jobId -> [results], in arrival order
    this.statusListeners = new Set();
    this.pendingDiffs = new Map();
    this.pendingJobs = new Map();
    this.frameRequested = false;
    this.lastMessageAt = null;
    this.connected = false;
    this.backoff = BACKOFF_MIN_MS;
    this.closed = false;
    this.connect();
  }

  /**
   * Subscribes; answers a function that unsubscribes. spec: {pvs:[], patterns:[], jobs:[]}; handlers:
   * onSnapshot(pvViews, message) for the state at (every) subscribe, onSubscribed(message) for job subscriptions,
   * onError(message) for an error answer.
   */
  subscribe(spec, handlers = {}) {
    const subscriber = { pvs: spec.pvs || [], patterns: spec.patterns || [], jobs: spec.jobs || [], ...handlers };
    this.subscribers.add(subscriber);
    const added = {};
    for (const kind of ['pvs', 'patterns', 'jobs']) added[kind] = this.count(kind, subscriber[kind], +1);
    // a name another subscriber already holds is not sent again, but this one still wants its state
    this.send(subscriber, { pvs: subscriber.pvs, patterns: subscriber.patterns, jobs: subscriber.jobs });
    return () => {
      if (!this.subscribers.delete(subscriber)) return;
      const removed = {};
      for (const kind of ['pvs', 'patterns', 'jobs']) removed[kind] = this.count(kind, subscriber[kind], -1);
      if (removed.pvs.length || removed.patterns.length || removed.jobs.length) {
        this.write({ type: 'unsubscribe', id: String(this.nextId++), ...nonEmpty(removed) });
      }
    };
  }

  /** listener(Map name -> merged diff), once per animation frame with every PV that changed. */
  onDiffs(listener) {
    this.diffListeners.add(listener);
    return () => this.diffListeners.delete(listener);
  }

  /** listener(Map jobId -> newest job message), once per animation frame. */
  onJob(listener) {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  /** listener(Map jobId -> [per-PV results in arrival order]), once per animation frame (jobResults messages). */
  onJobResults(listener) {
    this.jobResultListeners.add(listener);
    return () => this.jobResultListeners.delete(listener);
  }

  /** listener({connected, lastMessageAt}) on every change of the connection. */
  onStatus(listener) {
    this.statusListeners.add(listener);
    listener(this.status());
    return () => this.statusListeners.delete(listener);
  }

  status() {
    return { connected: this.connected, lastMessageAt: this.lastMessageAt };
  }

  /** Opens the socket again now (e.g. after sign-in: the new key may read what the old one could not). */
  reconnect() {
    if (!this.socket) this.connect();
    else if (this.socket.readyState === WebSocket.CONNECTING) this.reopen = true; // closing now logs an error
    else this.socket.close();
  }

  close() {
    this.closed = true;
    if (this.socket) this.socket.close();
  }

  // --- internals ---

  /** Adds delta to each name's count; answers the names that went 0 -> 1 (or 1 -> 0). */
  count(kind, names, delta) {
    const changed = [];
    const counts = this.counts[kind];
    for (const name of names) {
      const before = counts.get(name) || 0;
      const after = before + delta;
      if (after <= 0) counts.delete(name);
      else counts.set(name, after);
      if ((before === 0 && after > 0) || (before > 0 && after <= 0)) changed.push(name);
    }
    return changed;
  }

  send(subscriber, spec) {
    if (!spec.pvs.length && !spec.patterns.length && !spec.jobs.length) return;
    const id = String(this.nextId++);
    this.pendingById.set(id, subscriber);
    if (!this.write({ type: 'subscribe', id, ...nonEmpty(spec) })) this.pendingById.delete(id);
  }

  write(message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false; // sent again on (re)connect
    this.socket.send(JSON.stringify(message));
    return true;
  }

  connect() {
    if (this.closed) return;
    let socket;
    try {
      socket = new WebSocket(this.socketUrl());
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.reopen) {
        this.reopen = false;
        socket.close(); // opened with the previous key: again with the new one
        return;
      }
      this.connected = true;
      this.backoff = BACKOFF_MIN_MS;
      this.lastMessageAt = Date.now();
      this.pendingById.clear();
      for (const subscriber of this.subscribers) {
        this.send(subscriber, { pvs: subscriber.pvs, patterns: subscriber.patterns, jobs: subscriber.jobs });
      }
      this.notifyStatus();
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.connected = false;
      this.notifyStatus();
      this.scheduleReconnect();
    });
  }

  scheduleReconnect() {
    if (this.closed) return;
    const wait = this.backoff;
    this.backoff = Math.min(BACKOFF_MAX_MS, this.backoff * 2);
    setTimeout(() => this.connect(), wait);
  }

  receive(text) {
    this.lastMessageAt = Date.now();
    let message;
    try {
      message = JSON.parse(text);
    } catch (e) {
      return;
    }
    switch (message.type) {
      case 'diffs':
        for (const diff of message.diffs || []) {
          const previous = this.pendingDiffs.get(diff.name);
          this.pendingDiffs.set(diff.name, previous ? mergeDiff(previous, diff) : diff);
        }
        this.requestFrame();
        break;
      case 'job':
        this.pendingJobs.set(message.jobId, message);
        this.requestFrame();
        break;
      case 'jobResults': {
        const results = this.pendingJobResults.get(message.jobId) || [];
        results.push(...(message.results || []));
        this.pendingJobResults.set(message.jobId, results);
        this.requestFrame();
        break;
      }
      case 'snapshot':
      case 'subscribed':
      case 'error': {
        const subscriber = this.pendingById.get(message.id);
        this.pendingById.delete(message.id);
        if (!subscriber || !this.subscribers.has(subscriber)) break;
        if (message.type === 'snapshot' && subscriber.onSnapshot) subscriber.onSnapshot(message.pvs || [], message);
        if (message.type === 'subscribed' && subscriber.onSubscribed) subscriber.onSubscribed(message);
        if (message.type === 'error' && subscriber.onError) subscriber.onError(message);
        break;
      }
      default:
        break; // heartbeat, unsubscribed: only their arrival time matters
    }
    this.notifyStatusSoon();
  }

  requestFrame() {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      if (this.pendingDiffs.size) {
        const diffs = this.pendingDiffs;
        this.pendingDiffs = new Map();
        for (const listener of this.diffListeners) listener(diffs);
      }
      if (this.pendingJobs.size) {
        const jobs = this.pendingJobs;
        this.pendingJobs = new Map();
        for (const listener of this.jobListeners) listener(jobs);
      }
      if (this.pendingJobResults.size) {
        const results = this.pendingJobResults;
        this.pendingJobResults = new Map();
        for (const listener of this.jobResultListeners) listener(results);
      }
    });
  }

  notifyStatusSoon() {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.notifyStatus();
    }, 1000);
  }

  notifyStatus() {
    const status = this.status();
    for (const listener of this.statusListeners) listener(status);
  }
}

/** A later diff of the same PV merged into an earlier one: newest fields, union of changes. */
export function mergeDiff(earlier, later) {
  const changes = new Set([...(earlier.changes || []), ...(later.changes || [])]);
  return { ...earlier, ...later, changes: [...changes] };
}

/** A PV view with a diff applied (a new object). */
export function applyDiff(pv, diff) {
  const merged = { ...pv };
  for (const [field, value] of Object.entries(diff)) {
    if (field !== 'changes') merged[field] = value;
  }
  return merged;
}

function nonEmpty(spec) {
  const out = {};
  for (const [kind, names] of Object.entries(spec)) if (names && names.length) out[kind] = names;
  return out;
}
