// Snapshots (#/snapshots): the list (search, tag, time range, cursor paging) and the save form (from a
// configuration, a list of names or a pattern). A save shows the API's 201 at once, then the snapshot's state as
// the operations buffer moves it: pending → committed (in PostgreSQL's WAL) → replicated (on the replica).

import { el, errorBox, showError, guarded, count, formatTime } from '../ui.js';
import { ensureStyle, fromLocalInput } from './snap-ui.js';

const STATES = ['pending', 'committed', 'replicated'];
const STATE_POLL_MS = 500;
const STATE_POLL_LIMIT_MS = 120000;

export function mount(root, ctx) {
  ensureStyle();
  const q = el('input', { type: 'search', placeholder: 'name contains  ( / )', 'data-search': '', value: ctx.params.q || '' });
  const tag = el('input', { placeholder: 'tag', size: 12, value: ctx.params.tag || '' });
  const from = el('input', { type: 'datetime-local', step: 1, title: 'taken from' });
  const to = el('input', { type: 'datetime-local', step: 1, title: 'taken until' });
  const search = el('button', { type: 'submit', class: 'primary' }, 'Search');
  const listError = errorBox();
  const tbody = el('tbody');
  const more = el('button', { type: 'button', hidden: true }, 'More');
  const saveToggle = el('button', { type: 'button', 'data-save-open': '' }, 'Save a snapshot…');
  const savePanel = saveForm(ctx, () => list(false));
  savePanel.hidden = true;
  if (!ctx.can('operator')) {
    saveToggle.disabled = true;
    saveToggle.title = 'saving needs an operator key';
  }
  saveToggle.addEventListener('click', () => {
    savePanel.hidden = !savePanel.hidden;
    if (!savePanel.hidden) savePanel.querySelector('input').focus();
  });

  root.append(el('h1', {}, 'Snapshots'),
    el('form', { class: 'toolbar', onsubmit: (event) => { event.preventDefault(); list(false); } },
      q, tag, el('label', {}, 'from', from), el('label', {}, 'to', to), search, el('span', { class: 'grow' }), saveToggle),
    savePanel, listError,
    el('table', { class: 'plain', 'data-snapshot-list': '' }, el('thead', {}, el('tr', {},
      ['name', 'taken', 'PVs', 'ok / disc. / never', 'tags', 'by', 'state', ''].map((h) => el('th', {}, h)))), tbody),
    el('div', { class: 'toolbar' }, more));

  let cursor = null;
  async function list(append) {
    await guarded(search, listError, async () => {
      const page = await ctx.api.get('/api/v1/snapshots', {
        q: q.value.trim(), tag: tag.value.trim(), from: fromLocalInput(from.value), to: fromLocalInput(to.value),
        limit: 50, cursor: append ? cursor : null,
      });
      if (!append) tbody.replaceChildren();
      for (const item of page.items) tbody.append(row(item));
      if (!append && !page.items.length) tbody.append(el('tr', {}, el('td', { colspan: 8, class: 'muted' }, 'no snapshot')));
      cursor = page.nextCursor;
      more.hidden = !cursor;
    });
  }
  more.addEventListener('click', () => list(true));

  function row(item) {
    const counts = item.counts || {};
    const href = `#/snapshot/${encodeURIComponent(item.id)}`;
    return el('tr', { dataset: { id: item.id } },
      el('td', {}, el('a', { href }, item.name)),
      el('td', {}, formatTime(item.takenAt), item.asOf ? el('span', { class: 'muted' }, ` (as of ${formatTime(item.asOf)})`) : ''),
      el('td', {}, count(item.pvCount)),
      el('td', {}, `${count(counts.ok)} / ${count(counts.disconnected)} / ${count(counts.neverSeen)}`),
      el('td', {}, (item.tags || []).join(', ')),
      el('td', {}, item.author || ''),
      el('td', { class: 'state-' + item.state }, item.state),
      el('td', {}, el('a', { href }, 'view'), ' · ', el('a', { href: `#/drift/${encodeURIComponent(item.id)}` }, 'drift'),
        ' · ', el('a', { href: `#/restore/${encodeURIComponent(item.id)}` }, 'restore')));
  }

  list(false);
  return () => savePanel.dispose();
}

/** The save form; onSaved() after a 201. */
function saveForm(ctx, onSaved) {
  const name = el('input', { required: true, size: 40, 'data-save-name': '' });
  const comment = el('input', { size: 40 });
  const tags = el('input', { placeholder: 'comma separated', size: 30, 'data-save-tags': '' });
  const source = el('select', { 'data-save-source': '' }, el('option', { value: 'pattern' }, 'a pattern'),
    el('option', { value: 'list' }, 'a list of PVs'), el('option', { value: 'configuration' }, 'a configuration'));
  const pattern = el('input', { placeholder: 'SIM:PV*', size: 30, 'data-save-pattern': '' });
  const names = el('textarea', { placeholder: 'one PV a line (or separated by commas)', hidden: true, cols: 50, 'data-save-list': '' });
  const configuration = el('select', { hidden: true, 'data-save-configuration': '' });
  const save = el('button', { type: 'submit', class: 'primary', 'data-save': '' }, 'Save');
  const error = errorBox();
  const answer = el('div', { 'data-save-answer': '' });
  let polling = null;

  source.addEventListener('change', async () => {
    pattern.hidden = source.value !== 'pattern';
    names.hidden = source.value !== 'list';
    configuration.hidden = source.value !== 'configuration';
    if (source.value === 'configuration' && !configuration.options.length) {
      await guarded(null, error, async () => {
        const page = await ctx.api.get('/api/v1/configurations', { limit: 1000 });
        configuration.replaceChildren(...page.items.map((c) => el('option', { value: c.id }, `${c.name} (${count((c.pvs || []).length)} PVs)`)));
      });
    }
  });

  const form = el('form', { class: 'panel', 'data-save-form': '', onsubmit: async (event) => {
    event.preventDefault();
    const body = { name: name.value.trim(), comment: comment.value.trim() || null,
      tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean) };
    if (source.value === 'pattern') body.pattern = pattern.value.trim();
    else if (source.value === 'list') body.pvs = names.value.split(/[\s,]+/).filter(Boolean);
    else body.configurationId = configuration.value;
    const created = await guarded(save, error, () => ctx.api.post('/api/v1/snapshots', body));
    if (!created) return;
    showSaved(created);
    onSaved();
  } },
  el('h2', {}, 'Save a snapshot'),
  el('div', { class: 'form-grid' }, 'name', name, 'comment', comment, 'tags', tags, 'PVs from',
    el('div', {}, source, ' ', pattern, configuration, names)),
  el('div', { class: 'toolbar' }, save), error, answer);

  function showSaved(created) {
    const counts = created.counts || {};
    const steps = STATES.map((s) => el('span', { class: 'step', dataset: { step: s } }, s));
    answer.replaceChildren(el('div', { class: 'note' },
      el('strong', {}, '201 Created: '), el('a', { href: `#/snapshot/${encodeURIComponent(created.id)}` }, created.name),
      ` · ${count(created.pvCount)} PVs (${count(counts.ok)} ok, ${count(counts.disconnected)} disconnected, `
      + `${count(counts.neverSeen)} never seen)`,
      (created.notOk || []).length ? el('div', { class: 'muted' }, 'not ok: '
        + created.notOk.map((pv) => `${pv.name} (${pv.state})`).join(', ')) : '',
      el('div', { class: 'save-state', 'data-save-state': created.state }, 'state: ', steps)));
    markState(created.state);
    followState(created.id);
  }

  function markState(state) {
    const at = STATES.indexOf(state);
    const box = answer.querySelector('[data-save-state]');
    if (box) box.dataset.saveState = state;
    answer.querySelectorAll('.step').forEach((step, i) => {
      step.className = 'step' + (i < at ? ' done' : i === at ? ' now' : '');
    });
  }

  /** The state of a record lives in the operations buffer and the databases: read until it is final. */
  function followState(id) {
    clearTimeout(polling);
    const until = Date.now() + STATE_POLL_LIMIT_MS;
    const poll = async () => {
      try {
        const snapshot = await ctx.api.get(`/api/v1/snapshots/${encodeURIComponent(id)}`, { limit: 0 });
        const box = answer.querySelector('[data-save-state]');
        const moved = box && box.dataset.saveState !== snapshot.state;
        markState(snapshot.state);
        if (moved) onSaved(); // the list shows the new state too
        if (snapshot.state === 'replicated') return;
      } catch (e) {
        showError(error, e);
      }
      if (Date.now() < until) polling = setTimeout(poll, STATE_POLL_MS);
    };
    polling = setTimeout(poll, STATE_POLL_MS);
  }

  form.dispose = () => clearTimeout(polling);
  return form;
}
