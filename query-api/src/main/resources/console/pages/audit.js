// Audit trail (admin): every write with who, what, when and from where, newest first, paged by cursor.

import { el, errorBox, showError, guarded, formatTime } from '../ui.js';

export function mount(root, ctx) {
  const { api, can, session } = ctx;
  root.append(el('h1', {}, 'Audit trail'));
  if (session.security && !can('admin')) {
    root.append(el('p', { class: 'muted' }, 'The audit trail needs the admin role: ', el('a', { href: '#/keys' }, 'sign in'), '.'));
    return () => {};
  }
  const error = errorBox();
  const body = el('tbody');
  const more = el('button', { type: 'button', hidden: true }, 'More');
  root.append(error, el('table', { class: 'plain' },
    el('thead', {}, el('tr', {}, ['time', 'key', 'role', 'request', 'target', 'status', 'from', 'instance']
      .map((h) => el('th', {}, h)))), body), el('p', {}, more));
  let cursor = null;

  async function page() {
    const answer = await guarded(more, error, () => api.get('/api/v1/audit', { limit: 100, cursor }));
    if (!answer) return;
    for (const item of answer.items || []) {
      body.append(el('tr', {}, el('td', {}, formatTime(item.at)),
        el('td', {}, item.keyName), el('td', {}, item.role), el('td', { class: 'mono' }, `${item.method} ${item.path}`),
        el('td', { class: 'mono' }, item.targetId || ''), el('td', {}, item.status),
        el('td', {}, item.remoteAddress || ''), el('td', {}, item.instance || '')));
    }
    cursor = answer.nextCursor;
    more.hidden = !cursor;
    if (!(answer.items || []).length && !body.children.length) showError(error, null);
  }
  more.addEventListener('click', page);
  page();
  return () => {};
}
