// What the snapshot pages share on screen: their stylesheet, the compare table's columns, the counts line.

import { el, formatValue, count } from '../ui.js';
import { OUTCOMES } from './snap-model.js';

let styled = false;

/** Adds the snapshot pages' stylesheet once. */
export function ensureStyle() {
  if (styled) return;
  styled = true;
  document.head.append(el('link', { rel: 'stylesheet', href: new URL('./snap.css', import.meta.url).href }));
}

function number(value) {
  return value === null || value === undefined ? '' : formatValue(value);
}

/** The columns of a compare: name, saved, other, Δ, Δ/tol, severity, connection, outcome. */
export function compareColumns(otherLabel) {
  return [
    { key: 'name', label: 'PV', width: 'minmax(180px, 2fr)', sortable: true },
    { key: 'saved', label: 'saved', sortable: true, render: (row) => formatValue(row.saved.value),
      sortValue: (row) => (typeof row.saved.value === 'number' ? row.saved.value : formatValue(row.saved.value)) },
    { key: 'other', label: otherLabel, sortable: true, render: (row) => (row.other ? formatValue(row.other.value) : ''),
      className: (row) => (row.other && row.other.connected === false ? 'disconnected'
        : row.other && row.other.severity ? 'sev-' + row.other.severity : ''),
      sortValue: (row) => (row.other && typeof row.other.value === 'number' ? row.other.value : null) },
    { key: 'delta', label: 'Δ', width: '110px', sortable: true, render: (row) => number(row.delta),
      sortValue: (row) => (row.delta === null ? null : Math.abs(row.delta)) },
    { key: 'ratio', label: 'Δ/tol', width: '80px', sortable: true,
      render: (row) => (row.ratio === null || row.ratio === undefined ? '' : row.ratio.toFixed(2)),
      className: (row) => (row.ratio > 1 ? 'outcome-different' : '') },
    { key: 'severity', label: 'severity', width: '90px', sortable: true,
      render: (row) => (row.other ? row.other.severity || '' : ''),
      className: (row) => (row.other && row.other.severity ? 'sev-' + row.other.severity : ''),
      sortValue: (row) => (row.other ? row.other.severity : null) },
    { key: 'connection', label: 'connection', width: '110px', sortable: true,
      render: (row) => (!row.other ? '' : row.other.state === 'never_seen' ? 'never seen'
        : row.other.connected === false ? 'disconnected' : 'connected'),
      className: (row) => (row.other && row.other.connected === false ? 'disconnected' : ''),
      sortValue: (row) => (row.other ? String(row.other.connected) : null) },
    { key: 'outcome', label: 'outcome', width: '110px', sortable: true, render: (row) => row.outcome,
      className: (row) => 'outcome-' + row.outcome, sortValue: (row) => OUTCOMES.indexOf(row.outcome) },
  ];
}

/** "312 of 40,000 out of tolerance · 3 missing · 1 disconnected". */
export function summaryText(summary) {
  const parts = [`${count(summary.different)} of ${count(summary.total)} out of tolerance`];
  if (summary.missing) parts.push(`${count(summary.missing)} missing`);
  if (summary.disconnected) parts.push(`${count(summary.disconnected)} disconnected`);
  return parts.join(' · ');
}

/** An ISO time as the value of a datetime-local input (local time), and back. */
export function toLocalInput(iso) {
  const date = iso ? new Date(iso) : new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:`
    + `${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function fromLocalInput(text) {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}
