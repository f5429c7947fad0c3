// The snapshot pages' model, without the DOM: a saved PV beside its other side (live, another snapshot, the
// archive at T), the same comparison the API makes (SnapshotCompare: tolerance, outcome, Δ, |Δ|/tolerance), and
// how a snapshot's PVs are watched live without one subscription per PV for 40K of them.

/** The most PV names one subscribe carries; above it the page watches a pattern (ws.max.subscriptions is 10000). */
export const MAX_NAMED_SUBSCRIPTION = 5000;

/** Outcomes in the order an operator reads them (as the API sorts them). */
export const OUTCOMES = ['different', 'missing', 'disconnected', 'equal'];

/**
 * A row of a compare: {name, saved (the API's saved view), other ({value, severity, connected, timestamp, state}
 * or null), outcome, delta, ratio}. From one item of GET /snapshots/{id}/compare.
 */
export function rowFromCompareItem(item, live) {
  const other = item.other ? otherFromSaved(item.other) : null;
  const row = { name: item.name, saved: item.saved, other, live };
  return evaluate(row);
}

/** The saved view of the other side (a snapshot's or the archive's) in the shape a live PV has. */
export function otherFromSaved(view) {
  return {
    value: view.value, severity: view.severity, timestamp: view.timestamp,
    connected: view.state !== 'disconnected', state: view.state,
  };
}

/** Applies a WebSocket diff (or a PV view of a subscribe snapshot) to a live row's other side; answers the row. */
export function applyLive(row, diff) {
  const current = row.other || { value: null, connected: null, severity: null, timestamp: null, state: 'ok' };
  if (diff.timestamp && current.timestamp && 'value' in diff && diff.timestamp < current.timestamp) {
    return row; // older than what the page has (a diff that crossed the page's first read)
  }
  const next = { ...current };
  for (const field of ['value', 'severity', 'timestamp', 'connected']) {
    if (field in diff) next[field] = diff[field];
  }
  if (diff.neverConnected) next.state = 'never_seen';
  else if ('value' in diff && diff.value !== null) next.state = 'ok';
  row.other = next;
  return evaluate(row);
}

/** Sets outcome, delta and ratio of a row from its saved and other sides; answers the row. */
export function evaluate(row) {
  const saved = row.saved;
  const other = row.other;
  const tolerance = { abs: saved.toleranceAbs ?? null, rel: saved.toleranceRel ?? null };
  row.delta = null;
  row.ratio = null;
  if (!other || !hasValue(saved) || other.value === null || other.value === undefined
      || other.state === 'never_seen') {
    row.outcome = 'missing';
    return row;
  }
  if (saved.state === 'disconnected' || other.connected === false) {
    row.outcome = 'disconnected';
    return row;
  }
  const a = numbers(saved.value);
  const b = numbers(other.value);
  let equal;
  if (a === null || b === null) {
    equal = a === null && b === null && JSON.stringify(saved.value) === JSON.stringify(other.value);
  } else {
    equal = a.length === b.length && a.every((x, i) => within(x, b[i], tolerance));
  }
  if (typeof saved.value === 'number' && typeof other.value === 'number') {
    row.delta = other.value - saved.value;
    const bound = Math.max(tolerance.abs ?? 0, tolerance.rel === null ? 0 : tolerance.rel * Math.abs(saved.value));
    row.ratio = tolerance.abs === null && tolerance.rel === null || bound === 0 ? null : Math.abs(row.delta) / bound;
  }
  row.outcome = equal ? 'equal' : 'different';
  return row;
}

function hasValue(saved) {
  return saved.state !== 'never_seen' && saved.value !== null && saved.value !== undefined;
}

/** The numbers of a value (a number, an enum's index, an array's elements); null for strings. */
export function numbers(value) {
  if (typeof value === 'number') return [value];
  if (value === 'NaN') return [NaN];
  if (value && typeof value === 'object' && typeof value.index === 'number') return [value.index];
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value;
  return null;
}

/** Equal within the tolerance: as SnapshotCompare.within (NaN = NaN; either bound passes). */
export function within(expected, actual, tolerance) {
  if (Object.is(expected, actual) || expected === actual) return true;
  const difference = Math.abs(actual - expected);
  if (Number.isNaN(difference)) return false;
  return (tolerance.abs !== null && difference <= tolerance.abs)
    || (tolerance.rel !== null && difference <= tolerance.rel * Math.abs(expected));
}

/** How far out of tolerance, for sorting: the ratio; a difference without one is infinitely far. */
export function deviation(row) {
  if (row.ratio !== null && row.ratio !== undefined) return row.ratio;
  return row.outcome === 'different' ? Infinity : 0;
}

/** Attention order: outcome, then |Δ|/tolerance largest first, then |Δ|, then name (the API's sort=deviation). */
export function byDeviation(a, b) {
  const outcome = OUTCOMES.indexOf(a.outcome) - OUTCOMES.indexOf(b.outcome);
  if (outcome) return outcome;
  const dev = deviation(b) - deviation(a);
  if (dev && !Number.isNaN(dev)) return dev;
  const delta = Math.abs(b.delta ?? 0) - Math.abs(a.delta ?? 0);
  if (delta) return delta;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Counts of a set of rows: {total, equal, different, missing, disconnected}. */
export function summarize(rows) {
  const summary = { total: rows.length, equal: 0, different: 0, missing: 0, disconnected: 0 };
  for (const row of rows) summary[row.outcome]++;
  return summary;
}

/**
 * What to subscribe to for the live values of a snapshot's PVs: its pattern when it was saved from one, its names
 * when they are few, else the names' common prefix as a pattern (the page ignores PVs that are not its own).
 */
export function liveSpec(header, names) {
  const pattern = header && header.selection && header.selection.pattern;
  if (pattern) return { patterns: [pattern] };
  if (names.length <= MAX_NAMED_SUBSCRIPTION) return { pvs: names };
  return { patterns: [commonPrefix(names) + '*'] };
}

export function commonPrefix(names) {
  if (!names.length) return '';
  let prefix = names[0];
  for (const name of names) {
    let i = 0;
    while (i < prefix.length && i < name.length && prefix[i] === name[i]) i++;
    prefix = prefix.slice(0, i);
    if (!prefix) break;
  }
  return prefix.replace(/[*?]/g, '');
}

/** A restore result's state as the page shows it: queued, verified, not verified, failed, skipped, planned. */
export function resultState(result) {
  if (!result) return 'queued';
  switch (result.category) {
    case 'VERIFIED': return 'verified';
    case 'NOT_VERIFIED': return 'not verified';
    case 'FAILED': return 'failed';
    case 'AWAITING_RETRY': return 'queued';
    default: return result.outcome === 'PLANNED' ? 'planned' : 'skipped';
  }
}

/** Failures first, then not verified, queued, skipped, planned, verified; then by name. */
export const RESULT_ORDER = ['failed', 'not verified', 'queued', 'skipped', 'planned', 'verified'];

/** Of two results of one PV, the one that stands: the later attempt, then the later completion. */
export function newerResult(a, b) {
  if (!a) return b;
  if (!b) return a;
  if (a.attempt !== b.attempt) return a.attempt > b.attempt ? a : b;
  return (b.completedNs ?? 0) >= (a.completedNs ?? 0) ? b : a;
}

/** CSV of a configuration's PVs (what import takes back): name,toleranceAbs,toleranceRel,readOnly,readbackPv. */
export function configurationCsv(pvs) {
  const lines = ['name,toleranceAbs,toleranceRel,readOnly,readbackPv'];
  for (const pv of pvs) {
    lines.push([pv.name, pv.toleranceAbs ?? '', pv.toleranceRel ?? '', pv.readOnly ? 'true' : 'false',
      pv.readbackPv ?? ''].map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}

function csvField(value) {
  const text = String(value);
  return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/**
 * PVs from CSV text: a header naming the columns (name first; any of toleranceAbs, toleranceRel, readOnly,
 * readbackPv), or none (then: name[,toleranceAbs,toleranceRel,readOnly,readbackPv]). Answers {pvs, errors}; a bad
 * line is reported with its number, never guessed at.
 */
export function parseConfigurationCsv(text) {
  const columns = ['name', 'toleranceAbs', 'toleranceRel', 'readOnly', 'readbackPv'];
  const records = parseCsv(text);
  const pvs = [];
  const errors = [];
  let order = columns;
  records.forEach(({ line, fields }, index) => {
    if (fields.length === 1 && fields[0].trim() === '' || fields[0].trim().startsWith('#')) return;
    if (index === 0 && fields[0].trim().toLowerCase() === 'name') {
      order = fields.map((f) => columns.find((c) => c.toLowerCase() === f.trim().toLowerCase()) || f.trim());
      const unknown = order.filter((c) => !columns.includes(c));
      if (unknown.length) errors.push({ line, error: `unknown column(s) ${unknown.join(', ')}` });
      return;
    }
    const pv = { name: null, toleranceAbs: null, toleranceRel: null, readOnly: false, readbackPv: null };
    let bad = null;
    order.forEach((column, i) => {
      const value = (fields[i] ?? '').trim();
      if (!value || !columns.includes(column)) return;
      if (column === 'toleranceAbs' || column === 'toleranceRel') {
        const number = Number(value);
        if (!Number.isFinite(number) || number < 0) bad = `${column}: a number >= 0 (got '${value}')`;
        else pv[column] = number;
      } else if (column === 'readOnly') {
        if (!/^(true|false|yes|no|1|0)$/i.test(value)) bad = `readOnly: true or false (got '${value}')`;
        else pv.readOnly = /^(true|yes|1)$/i.test(value);
      } else {
        pv[column] = value;
      }
    });
    if (!pv.name) bad = bad || 'no PV name';
    if (bad) errors.push({ line, error: bad });
    else pvs.push(pv);
  });
  return { pvs, errors };
}

/** RFC 4180 records with their first line numbers: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text) {
  const records = [];
  let fields = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; field += c; }
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || fields.length) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records;
}
