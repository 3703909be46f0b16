// SPDX-License-Identifier: GPL-3.0-or-later
// Kiosks: every kiosk of the caller's sites, signed in or not, when each
// was last seen (in its site's time) and the software it runs. Admins add
// one (its one-time enrolment token is shown once, to copy into the
// kiosk's secrets) and revoke one.

import { api } from './api.js';
import {
  h, field, formError, clearErrors, showError, pageHeading, scrollingTable, announce,
} from './dom.js';
import { t, formatDateTime } from './i18n.js';

export function render(main, context) {
  const isAdmin = context.hasRole('admin');
  const tbody = h('tbody');
  const table = h('table', { id: 'kiosks' },
    h('caption', {}, t('Kiosks')),
    h('thead', {}, h('tr', {},
      [t('Kiosk'), t('Side'), t('Site'), t('Connection'), t('Last seen'), t('Software'), t('Added'),
        isAdmin ? t('Actions') : null]
        .filter(Boolean).map((text) => h('th', { scope: 'col' }, text)))),
    tbody);
  const tokenBox = h('div', { class: 'card', hidden: true, role: 'status', id: 'token-box' });
  main.append(pageHeading(t('Kiosks')), tokenBox);

  let addForm = null;
  if (isAdmin) {
    const id = field({ name: 'id', label: t('Kiosk id'), required: true, hint: t('Like prison-2: letters, digits and dashes') });
    const role = field({
      name: 'role', label: t('Side'), type: 'select', required: true,
      options: [['prison', t('Prison')], ['community', t('Community')]],
    });
    const label = field({ name: 'label', label: t('Label'), required: true, hint: t('Like Visit room 2') });
    const site = field({ name: 'site', label: t('Site'), type: 'select', options: [['', t('No site')]] });
    addForm = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'add-kiosk-title' },
      h('h2', { id: 'add-kiosk-title' }, t('Add a kiosk')), formError(),
      id.wrapper, role.wrapper, label.wrapper, site.wrapper,
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('Add kiosk'))));
    addForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(addForm);
      const body = { id: id.control.value.trim(), role: role.control.value, label: label.control.value.trim() };
      if (site.control.value) {
        body.site = site.control.value;
      }
      try {
        const added = await api('POST', 'kiosks', body);
        tokenBox.replaceChildren(
          h('h2', {}, t('Enrolment token for {kiosk}', { kiosk: added.id })),
          h('p', {}, t('Copy it into the kiosk\'s secrets now: it is shown only once.')),
          h('p', {}, h('code', { id: 'enrolment-token' }, added.token)));
        tokenBox.hidden = false;
        id.control.value = '';
        label.control.value = '';
        announce(t('Kiosk {kiosk} added.', { kiosk: added.id }));
        load();
      } catch (error) {
        showError(addForm, error);
      }
    });
    api('GET', 'sites').then(({ sites }) => {
      for (const s of sites) {
        site.control.append(h('option', { value: s.id }, s.name));
      }
    }).catch(() => {});
  }
  main.append(scrollingTable(table, t('Kiosks')));
  if (addForm) {
    main.append(addForm);
  }

  async function revoke(kiosk) {
    const ok = window.confirm(t('Revoke {kiosk}? It is disconnected at once and can never sign in again.',
      { kiosk: kiosk.label }));
    if (!ok) {
      return;
    }
    try {
      await api('POST', 'kiosks/' + encodeURIComponent(kiosk.id) + '/revoke');
      announce(t('Kiosk {kiosk} revoked.', { kiosk: kiosk.label }));
      load();
    } catch (error) {
      announce(error.message);
    }
  }

  // Signed in now, or the last sign-in or sign-out: the server writes
  // only those, so a kiosk signed in is "online now" rather than a time.
  function lastSeen(k) {
    if (k.signed_in) {
      return t('Online now');
    }
    if (!k.last_seen) {
      return t('Never');
    }
    return h('time', { datetime: k.last_seen }, k.last_seen_local || formatDateTime(new Date(k.last_seen)));
  }

  async function load() {
    let kiosks;
    try {
      ({ kiosks } = await api('GET', 'kiosks'));
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
      }
      context.ready();
      return;
    }
    tbody.replaceChildren(...kiosks.map((k) => h('tr', { 'data-kiosk': k.id },
      h('th', { scope: 'row' }, k.label, h('br'), h('span', { class: 'hint' }, k.id)),
      h('td', {}, k.role === 'prison' ? t('Prison') : t('Community')),
      h('td', {}, k.site || t('No site')),
      h('td', {}, k.revoked
        ? h('span', { class: 'badge offline' }, t('Revoked'))
        : h('span', { class: 'badge ' + (k.signed_in ? 'online' : 'offline') },
          k.signed_in ? t('Online') : t('Offline'))),
      h('td', { class: 'last-seen' }, lastSeen(k)),
      h('td', { class: 'software' }, k.software || t('Unknown')),
      h('td', {}, formatDateTime(new Date(k.created))),
      isAdmin ? h('td', {}, k.revoked ? '' : h('button', {
        type: 'button', class: 'small danger',
        'aria-label': t('Revoke {kiosk}', { kiosk: k.label }),
        onclick: () => revoke(k),
      }, t('Revoke'))) : null)));
    context.ready();
  }
  load();
}
