// Configurations & tags (#/configs): PV sets with a per-PV tolerance, read-only flag and readback PV. Create, edit,
// delete; CSV import and export (name,toleranceAbs,toleranceRel,readOnly,readbackPv). Tolerances and the read-only
// flag live in the configuration (operations records); the readback PV is the PV's own monitoring spec in pv.config
// (what a restore verifies against), so a changed readback is written there (an admin key).

import { el, errorBox, showError, guarded, count, dialog, download } from '../ui.js';
import { configurationCsv, parseConfigurationCsv } from './snap-model.js';
import { ensureStyle } from './snap-ui.js';

const EDITABLE_ROWS = 2000;

export function mount(root, ctx) {
  ensureStyle();
  const canWrite = ctx.can('operator');
  const listBox = el('div', { class: 'list-pick', 'data-config-list': '' });
  const listError = errorBox();
  const editor = el('div', { class: 'panel' });
  const create = el('button', { type: 'button', disabled: !canWrite, 'data-config-new': '' }, 'New configuration');
  root.append(el('h1', {}, 'Configurations'), el('div', { class: 'split' },
    el('div', {}, el('div', { class: 'toolbar' }, create), listError, listBox), editor),
  el('h2', {}, 'Tags'), tagsPanel(ctx));

  let current = null;
  async function list(selectId) {
    await guarded(null, listError, async () => {
      const page = await ctx.api.get('/api/v1/configurations', { limit: 1000 });
      listBox.replaceChildren(...page.items.map((item) => el('a', {
        href: '#', class: selectId === item.id ? 'current' : '', dataset: { id: item.id },
        onclick: (event) => { event.preventDefault(); open(item.id); },
      }, `${item.name} `, el('span', { class: 'muted' }, `${count(item.pvCount)} PVs · ${item.state}`))));
      if (!page.items.length) listBox.append(el('div', { class: 'muted' }, 'no configuration yet'));
    });
  }

  async function open(id) {
    await guarded(null, listError, async () => {
      const configuration = await ctx.api.get(`/api/v1/configurations/${encodeURIComponent(id)}`);
      edit(configuration);
      listBox.querySelectorAll('a').forEach((a) => a.classList.toggle('current', a.dataset.id === id));
    });
  }

  function edit(configuration) {
    current = configuration;
    const name = el('input', { value: configuration.name || '', size: 40, 'data-config-name': '' });
    const description = el('input', { value: configuration.description || '', size: 60 });
    const pvs = (configuration.pvs || []).map((pv) => ({ ...pv, readbackPv: null, readbackKnown: false }));
    const tbody = el('tbody');
    const note = el('div', { class: 'muted' });
    const error = errorBox();
    const save = el('button', { type: 'button', class: 'primary', disabled: !canWrite, 'data-config-save': '' }, 'Save');
    const remove = el('button', { type: 'button', class: 'danger', disabled: !canWrite || !configuration.id }, 'Delete');
    const add = el('button', { type: 'button', disabled: !canWrite }, 'Add PV');
    const importFile = el('input', { type: 'file', accept: '.csv,text/csv', hidden: true, 'data-config-import': '' });
    const importButton = el('button', { type: 'button', disabled: !canWrite, onclick: () => importFile.click() }, 'Import CSV…');
    const exportButton = el('button', { type: 'button', 'data-config-export': '' }, 'Export CSV');
    editor.replaceChildren(el('h2', {}, configuration.id ? `Edit “${configuration.name}”` : 'New configuration'),
      el('div', { class: 'form-grid' }, 'name', name, 'description', description),
      el('div', { class: 'toolbar' }, add, importButton, importFile, exportButton, el('span', { class: 'grow' }), remove, save),
      error, note,
      el('table', { class: 'plain pv-editor', 'data-config-pvs': '' }, el('thead', {}, el('tr', {},
        ['PV', 'tolerance abs', 'tolerance rel', 'read-only', 'readback PV', ''].map((h) => el('th', {}, h)))), tbody));

    function render() {
      tbody.replaceChildren(...pvs.slice(0, EDITABLE_ROWS).map((pv, index) => el('tr', {},
        el('td', {}, el('input', { class: 'name', value: pv.name || '', oninput: (e) => { pv.name = e.target.value.trim(); } })),
        el('td', {}, numberInput(pv, 'toleranceAbs')), el('td', {}, numberInput(pv, 'toleranceRel')),
        el('td', {}, el('input', { type: 'checkbox', checked: !!pv.readOnly, onchange: (e) => { pv.readOnly = e.target.checked; } })),
        el('td', {}, el('input', { class: 'readback', value: pv.readbackPv || '', placeholder: pv.readbackKnown ? '(itself)' : '',
          oninput: (e) => { pv.readbackPv = e.target.value.trim() || null; pv.readbackChanged = true; } })),
        el('td', {}, el('button', { type: 'button', title: 'remove', onclick: () => { pvs.splice(index, 1); render(); } }, '×')))));
      note.textContent = `${count(pvs.length)} PVs` + (pvs.length > EDITABLE_ROWS
        ? ` (the first ${count(EDITABLE_ROWS)} shown; edit the rest by CSV export and import)` : '');
    }
    render();
    loadReadbacks(ctx, pvs).then(render);

    add.addEventListener('click', () => { pvs.push({ name: '', toleranceAbs: null, toleranceRel: null, readOnly: false }); render(); });
    exportButton.addEventListener('click', () => download(`configuration-${(name.value || 'new').replace(/[^\w.-]+/g, '_')}.csv`,
      configurationCsv(pvs)));
    importFile.addEventListener('change', async () => {
      const file = importFile.files[0];
      importFile.value = '';
      if (!file) return;
      const parsed = parseConfigurationCsv(await file.text());
      if (parsed.errors.length) {
        showError(error, { message: `${file.name}: ` + parsed.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.error}`).join('; ')
          + (parsed.errors.length > 5 ? ` (and ${parsed.errors.length - 5} more)` : '') + '. Nothing imported.' });
        return;
      }
      pvs.splice(0, pvs.length, ...parsed.pvs.map((pv) => ({ ...pv, readbackChanged: !!pv.readbackPv, readbackKnown: true })));
      showError(error, null);
      render();
    });
    save.addEventListener('click', () => guarded(save, error, async () => {
      const body = { name: name.value.trim(), description: description.value.trim() || null,
        pvs: pvs.map((pv) => ({ name: pv.name, toleranceAbs: pv.toleranceAbs, toleranceRel: pv.toleranceRel, readOnly: !!pv.readOnly })) };
      const saved = configuration.id
        ? await ctx.api.put(`/api/v1/configurations/${encodeURIComponent(configuration.id)}`, body)
        : await ctx.api.post('/api/v1/configurations', body);
      await writeReadbacks(ctx, pvs.filter((pv) => pv.readbackChanged));
      pvs.forEach((pv) => { pv.readbackChanged = false; });
      await list(saved.id);
      current = { ...configuration, ...saved };
      note.textContent = `saved (${saved.state}) · ${count(pvs.length)} PVs`;
    }));
    remove.addEventListener('click', () => guarded(remove, error, async () => {
      const ok = await dialog({ title: 'Delete the configuration?', confirm: 'Delete', danger: true,
        body: `“${configuration.name}” and its ${count(pvs.length)} PV settings. Snapshots taken from it keep their values.` });
      if (!ok) return;
      await ctx.api.del(`/api/v1/configurations/${encodeURIComponent(configuration.id)}`);
      editor.replaceChildren(el('div', { class: 'muted' }, 'deleted'));
      await list(null);
    }));
  }

  create.addEventListener('click', () => edit({ id: null, name: '', description: '', pvs: [] }));
  editor.append(el('div', { class: 'muted' }, 'Choose a configuration, or create one.'));
  list(null);
  return () => { current = null; };
}

function numberInput(pv, field) {
  return el('input', { type: 'number', min: 0, step: 'any', value: pv[field] ?? '',
    oninput: (e) => { pv[field] = e.target.value === '' ? null : Number(e.target.value); } });
}

/** Each PV's readback from its pv.config spec (shown for the first rows only: one request a PV). */
async function loadReadbacks(ctx, pvs) {
  await Promise.all(pvs.slice(0, 200).map(async (pv) => {
    try {
      const spec = await ctx.api.get(`/api/v1/config/pvs/${encodeURIComponent(pv.name)}`);
      if (!pv.readbackChanged) pv.readbackPv = spec.readbackPv || null;
      pv.readbackKnown = true;
    } catch (e) {
      pv.readbackKnown = false; // not monitored yet, or this key may not read pv.config
    }
  }));
}

/** A changed readback: the PV's spec read, its readbackPv replaced, written back (PUT replaces the whole spec). */
async function writeReadbacks(ctx, pvs) {
  for (const pv of pvs) {
    const path = `/api/v1/config/pvs/${encodeURIComponent(pv.name)}`;
    const spec = await ctx.api.get(path).catch((e) => { if (e.status === 404) return {}; throw e; });
    const { name, ...fields } = spec;
    await ctx.api.put(path, { ...fields, readbackPv: pv.readbackPv });
  }
}

/** Tags: name and description, created and deleted here (snapshots carry them by name). */
function tagsPanel(ctx) {
  const tbody = el('tbody');
  const name = el('input', { placeholder: 'tag name', 'data-tag-name': '' });
  const description = el('input', { placeholder: 'description', size: 40 });
  const add = el('button', { type: 'submit', disabled: !ctx.can('operator') }, 'Add tag');
  const error = errorBox();
  async function list() {
    await guarded(null, error, async () => {
      const page = await ctx.api.get('/api/v1/tags', { limit: 1000 });
      tbody.replaceChildren(...page.items.map((tag) => el('tr', {}, el('td', {}, tag.name), el('td', {}, tag.description || ''),
        el('td', { class: 'state-' + tag.state }, tag.state),
        el('td', {}, el('button', { type: 'button', disabled: !ctx.can('operator'), onclick: () => guarded(null, error, async () => {
          await ctx.api.del(`/api/v1/tags/${encodeURIComponent(tag.id)}`);
          await list();
        }) }, 'Delete')))));
    });
  }
  list();
  return el('div', { class: 'panel' },
    el('form', { class: 'inline', onsubmit: (event) => { event.preventDefault(); guarded(add, error, async () => {
      await ctx.api.post('/api/v1/tags', { name: name.value.trim(), description: description.value.trim() || null });
      name.value = '';
      description.value = '';
      await list();
    }); } }, name, description, add),
    error, el('table', { class: 'plain' }, el('thead', {}, el('tr', {}, ['tag', 'description', 'state', ''].map((h) => el('th', {}, h)))), tbody));
}
