// Small helpers every page uses: element building, errors next to controls, dialogs (Esc / Enter), formatting.

/** el('button', {class: 'primary', onclick: f}, 'Save') — attributes starting with "on" become listeners. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name in node && typeof value !== 'string') node[name] = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Empties a node and fills it anew. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A place for an error message beside a control (empty: hidden). */
export function errorBox() {
  return el('div', { class: 'error', role: 'alert' });
}

/** Shows an error (an ApiError carries the API's JSON message) in a box from errorBox(); null clears it. */
export function showError(box, error) {
  if (!error) {
    box.textContent = '';
    return;
  }
  const status = error.status ? `${error.status} ${error.error || ''}: ` : '';
  box.textContent = status + (error.message || String(error));
}

/** Runs an action of a control, showing its error beside it and disabling the control meanwhile. */
export async function guarded(control, box, action) {
  showError(box, null);
  if (control) control.disabled = true;
  try {
    return await action();
  } catch (e) {
    showError(box, e);
    return undefined;
  } finally {
    if (control) control.disabled = false;
  }
}

let openDialogs = 0;

/** Whether a dialog is open (pages leave Esc and Enter to it then). */
export function dialogOpen() {
  return openDialogs > 0;
}

/**
 * A modal dialog. Esc cancels, Enter confirms (unless in a textarea). Answers true (confirmed) or false.
 * options: {title, body (nodes or text), confirm ('OK'), cancel ('Cancel'; null: no cancel button), danger}.
 */
export function dialog({ title, body, confirm = 'OK', cancel = 'Cancel', danger = false }) {
  return new Promise((resolve) => {
    const previous = document.activeElement;
    const ok = el('button', { class: danger ? 'primary danger' : 'primary', type: 'button' }, confirm);
    const no = cancel ? el('button', { type: 'button' }, cancel) : null;
    const box = el('div', { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
      el('h2', {}, title), el('div', {}, body), el('div', { class: 'actions' }, no, ok));
    const backdrop = el('div', { class: 'dialog-backdrop' }, box);
    const close = (answer) => {
      document.removeEventListener('keydown', onKey, true);
      backdrop.remove();
      openDialogs--;
      if (previous && previous.focus) previous.focus();
      resolve(answer);
    };
    const onKey = (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        close(false);
      } else if (event.key === 'Enter' && event.target.tagName !== 'TEXTAREA' && event.target !== no) {
        event.preventDefault();
        event.stopPropagation();
        close(true);
      }
    };
    ok.addEventListener('click', () => close(true));
    if (no) no.addEventListener('click', () => close(false));
    backdrop.addEventListener('mousedown', (event) => { if (event.target === backdrop) close(false); });
    document.addEventListener('keydown', onKey, true);
    openDialogs++;
    document.body.append(backdrop);
    ok.focus();
  });
}

/** A value as an operator reads it: numbers with the PV's precision, enums by label, arrays shortened. */
export function formatValue(value, precision) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    if (Number.isInteger(value) && (precision === null || precision === undefined)) return String(value);
    const digits = precision === null || precision === undefined ? 6 : Math.max(0, Math.min(precision, 12));
    const abs = Math.abs(value);
    return abs !== 0 && (abs >= 1e9 || abs < 1e-4) ? value.toExponential(Math.min(digits, 6)) : value.toFixed(digits);
  }
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const head = value.slice(0, 8).map((v) => (typeof v === 'number' ? formatValue(v, precision) : v)).join(', ');
    return `[${value.length}] ${head}${value.length > 8 ? ', …' : ''}`;
  }
  if (typeof value === 'object' && 'index' in value) return value.label ?? String(value.index);
  return JSON.stringify(value);
}

/** The number a value plots as (enums by index), or null. */
export function numericValue(value) {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value && typeof value === 'object' && typeof value.index === 'number') return value.index;
  return null;
}

/** An ISO time (nanoseconds allowed) as local "YYYY-MM-DD HH:MM:SS.mmm". */
export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:`
    + `${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** "3 s ago", "4 min ago" for a time in ms since the epoch. */
export function formatAge(ms) {
  const seconds = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

/** The CSS class of a severity (NO_ALARM, MINOR, MAJOR, INVALID), or of a disconnected PV. */
export function severityClass(pv) {
  if (pv && pv.connected === false) return 'disconnected';
  return pv && pv.severity ? 'sev-' + pv.severity : '';
}

/** A state word (UP, OPEN, RUNNING, ...) as a coloured badge. */
export function badge(state) {
  return el('span', { class: `badge state-${state}` }, state ?? '?');
}

/** Thousands separators. */
export function count(n) {
  return n === null || n === undefined ? '' : Number(n).toLocaleString('en-US');
}

/** Saves text as a file the browser downloads. */
export function download(fileName, text, type = 'text/csv') {
  const link = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: fileName });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 0);
}
