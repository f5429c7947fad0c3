// Keys: sign in with an API key (kept in sessionStorage, sent as Bearer; the WebSocket gets it as ?token=), and for
// admins the key list, creating keys (the secret is shown once) and revoking them.

import { el, errorBox, showError, guarded, replace, dialog, formatTime } from '../ui.js';
import { signIn, signOut, ROLES } from '../app.js';

export function mount(root, ctx) {
  const { api, session, can } = ctx;
  const keyInput = el('input', { type: 'password', size: 52, autocomplete: 'off', 'data-search': true,
    placeholder: 'pvs_…', 'aria-label': 'API key' });
  const signInError = errorBox();
  const signInButton = el('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const status = session.security
    ? session.authenticated ? `Signed in as ${session.name} (${session.role}).` : 'Not signed in: reads only.'
    : 'Security is off on this API: no key is needed.';
  root.append(el('h1', {}, 'API key'),
    el('div', { class: 'panel' },
      el('p', {}, status, ' Roles, weakest first: reader < operator (configurations, tags, snapshots) < restorer '
        + '(restores) < admin (keys, audit, PV configuration).'),
      el('form', { class: 'inline', onsubmit: (event) => {
        event.preventDefault();
        guarded(signInButton, signInError, () => signIn(keyInput.value));
      } }, keyInput, signInButton,
      session.authenticated ? el('button', { type: 'button', onclick: () => signOut() }, 'Sign out') : null),
      signInError,
      el('p', { class: 'muted' }, 'The key stays in this tab (sessionStorage) and is sent as "Authorization: Bearer".')));

  const admin = el('div');
  root.append(admin);
  if (!can('admin') || !session.security) {
    if (session.security) admin.append(el('p', { class: 'muted' }, 'Listing, creating and revoking keys needs the admin role.'));
    return () => {};
  }
  const list = el('div');
  const listError = errorBox();
  const name = el('input', { type: 'text', size: 24, placeholder: 'who or what uses it', 'aria-label': 'key name' });
  const role = el('select', { 'aria-label': 'role' }, ROLES.map((r) => el('option', { value: r }, r)));
  const create = el('button', { type: 'submit', class: 'primary', 'data-write': 'admin' }, 'Create key');
  const createError = errorBox();
  const created = el('div');
  admin.append(el('h2', {}, 'Keys'),
    el('form', { class: 'inline', onsubmit: async (event) => {
      event.preventDefault();
      const answer = await guarded(create, createError, () => api.post('/api/v1/keys', { name: name.value, role: role.value }));
      if (answer) {
        replace(created, el('div', { class: 'note' }, `Key for ${answer.name} (${answer.role}), shown this once: `,
          el('span', { class: 'secret', 'data-secret': true }, answer.key)));
        name.value = '';
        load();
      }
    } }, name, role, create),
    createError, created, listError, list);

  async function load() {
    try {
      const answer = await api.get('/api/v1/keys');
      const keys = answer.items || answer;
      replace(list, el('table', { class: 'plain' },
        el('tr', {}, ['name', 'role', 'created', 'by', 'state', ''].map((h) => el('th', {}, h))),
        keys.map((key) => el('tr', {},
          el('td', {}, key.name), el('td', {}, key.role), el('td', {}, formatTime(key.created)),
          el('td', {}, key.createdBy || ''),
          el('td', {}, key.valid ? 'valid' : `revoked ${formatTime(key.revoked)} by ${key.revokedBy || '?'}`),
          el('td', {}, key.valid ? el('button', { type: 'button', class: 'danger', onclick: (event) => revoke(event.target, key) },
            'Revoke') : '')))));
    } catch (e) {
      showError(listError, e);
    }
  }

  async function revoke(button, key) {
    const sure = await dialog({ title: 'Revoke key', confirm: 'Revoke', danger: true,
      body: `Revoke the key "${key.name}" (${key.role})? Every instance refuses it within seconds.` });
    if (!sure) return;
    const answer = await guarded(button, listError, () => api.del('/api/v1/keys/' + encodeURIComponent(key.id)));
    if (answer !== undefined) load();
  }

  load();
  return () => {};
}
