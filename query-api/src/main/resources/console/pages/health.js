// Health: Kafka, Streams, ingest instances and who holds which pv.config partition, circuit breakers per IOC, the
// operations buffer (pending, DLQ, replication lag) and stale PVs. Refreshed every 5 s (each part on its own, so a
// part that fails shows its error and the others still show).

import { el, errorBox, showError, replace, badge, count, formatTime } from '../ui.js';

const REFRESH_MS = 5000;

export function mount(root, ctx) {
  const { api } = ctx;
  const parts = {
    platform: section('Kafka and Streams'),
    ingest: section('Ingest instances'),
    circuits: section('Circuit breakers (per IOC)'),
    buffer: section('Operations buffer'),
    stale: section('Stale PVs'),
  };
  const updated = el('span', { class: 'muted' });
  root.append(el('div', { class: 'toolbar' }, el('h1', { class: 'grow' }, 'Health'), updated),
    el('div', { class: 'grid' }, parts.platform.box, parts.buffer.box, parts.circuits.box),
    parts.ingest.box, parts.stale.box);

  const load = (part, path, render, query) => api.get(path, query)
    .then((answer) => { showError(part.error, null); replace(part.body, render(answer)); })
    .catch((e) => showError(part.error, e));

  async function refresh() {
    await Promise.all([
      load(parts.platform, '/api/v1/health', platform),
      load(parts.ingest, '/api/v1/health/ingest', ingest),
      load(parts.circuits, '/api/v1/health/circuits', circuits),
      load(parts.buffer, '/api/v1/health/buffer', buffer),
      load(parts.stale, '/api/v1/health/stale', stale, { limit: 100 }),
    ]);
    updated.textContent = 'updated ' + formatTime(new Date().toISOString());
  }
  refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => clearInterval(timer);
}

function section(title) {
  const body = el('div');
  const error = errorBox();
  return { box: el('div', { class: 'panel', dataset: { part: title } }, el('h2', {}, title), error, body), body, error };
}

function kv(pairs) {
  return el('dl', { class: 'kv' }, pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '–')]));
}

function platform(health) {
  const lag = health.lag || {};
  const kafka = health.kafka || {};
  const streams = health.streams || {};
  const ingestAlive = health.ingest ? (health.ingest.instances || []).filter((i) => i.alive).length : null;
  return kv([
    ['status', badge(health.status)],
    ['Kafka', el('span', {}, badge(kafka.reachable ? 'UP' : 'DOWN'), ' ', kafka.bootstrap || '')],
    ['Streams', el('span', {}, badge(streams.state), ' ', streams.instance || '')],
    ['store lag', lag.storeLagMs === null || lag.storeLagMs === undefined ? 'not measured'
      : `${count(lag.storeLagMs)} ms (${count(lag.storeRecordsBehind)} updates behind)`],
    ['ingest', ingestAlive === null ? null : `${ingestAlive} live instance(s)`],
    ['reason', health.reason],
  ].filter(([, v]) => v !== null && v !== undefined));
}

function ingest(answer) {
  const instances = answer.instances || [];
  const rows = instances.map((i) => el('tr', {},
    el('td', {}, i.instance ?? i.id), el('td', {}, badge(i.alive ? 'UP' : 'DOWN')),
    el('td', {}, (i.partitions || []).join(', ')), el('td', {}, count(i.pvCount)), el('td', {}, count(i.connectedCount)),
    el('td', {}, count(Math.round(i.updatesPerSecond || 0))), el('td', {}, count((i.pvErrors || []).length))));
  const unowned = answer.unowned || [];
  return [
    el('table', { class: 'plain' }, el('tr', {}, ['instance', 'state', 'pv.config partitions', 'PVs', 'connected',
      'updates/s', 'PV errors'].map((h) => el('th', {}, h))), rows),
    el('p', { class: unowned.length ? 'error' : 'muted' }, unowned.length
      ? `partitions no live instance holds (their PVs are not monitored): ${unowned.join(', ')}`
      : 'every pv.config partition is held by a live instance'),
  ];
}

function circuits(answer) {
  const list = answer.circuits || [];
  if (!list.length) return el('p', { class: 'muted' }, 'no IOC has been written to yet');
  return [el('p', {}, `${count(answer.open)} open`), el('table', { class: 'plain' },
    el('tr', {}, ['IOC', 'state', 'failures', 'last error'].map((h) => el('th', {}, h))),
    list.map((c) => el('tr', {}, el('td', {}, c.ioc), el('td', {}, badge(c.state)),
      el('td', {}, count(c.consecutiveFailures)), el('td', {}, c.lastError || ''))))];
}

function buffer(answer) {
  const pending = answer.pending || {};
  const rates = answer.rates || {};
  const database = answer.database || {};
  const primary = database.primary || {};
  const replica = database.replica;
  const problems = answer.problems || [];
  return [kv([
    ['pending', `${count(pending.pendingCount)} buffered, ${count(pending.committedCount)} committed, `
      + `${count(pending.overdueCount)} overdue`],
    ['oldest', pending.oldestAgeSeconds === null || pending.oldestAgeSeconds === undefined ? 'none'
      : `${count(Math.round(pending.oldestAgeSeconds))} s old`],
    ['dead letters', el('span', { class: answer.deadLetters ? 'sev-MAJOR' : '' }, count(answer.deadLetters))],
    ['rates', `${(rates.applyPerSecond || 0).toFixed(1)} applied/s, ${(rates.confirmPerSecond || 0).toFixed(1)} confirmed/s`],
    ['primary', el('span', {}, badge(primary.reachable ? 'UP' : 'DOWN'), ' LSN ', primary.lsn || '–')],
    ['replica', replica ? el('span', {}, badge(replica.reachable ? 'UP' : 'DOWN'),
      ` lag ${count(replica.lagBytes)} bytes, ${replica.lagSeconds ?? '–'} s`) : 'none'],
  ]), problems.length ? el('ul', { class: 'error' }, problems.map((p) => el('li', {}, typeof p === 'string' ? p : JSON.stringify(p)))) : null];
}

function stale(answer) {
  const items = answer.items || [];
  if (!items.length) return el('p', { class: 'muted' }, `no stale PV (threshold ${count(answer.thresholdMs)} ms)`);
  return [el('p', {}, `${count(answer.count)} stale${answer.truncated ? ' (first 100 listed)' : ''}`),
    el('table', { class: 'plain' }, el('tr', {}, ['PV', 'stale since', 'last value at'].map((h) => el('th', {}, h))),
      items.map((pv) => el('tr', {}, el('td', {}, el('a', { href: '#/pv/' + encodeURIComponent(pv.name) }, pv.name)),
        el('td', {}, formatTime(pv.staleSince)), el('td', {}, formatTime(pv.received))))) ];
}
