// SPDX-License-Identifier: GPL-3.0-or-later
// Staff accounts (admins): who may use the console and the kiosks' staff
// panels, with which roles at which sites; add, disable, enable, set a
// new password. Every change is audited in the admin's name.

import { api } from './api.js';
import {
  h, field, formError, clearErrors, showError, pageHeading, scrollingTable, announce, checkboxGroup,
} from './dom.js';
import { modal } from './dialog.js';
import { t } from './i18n.js';

const ROLES = () => [
  ['officer', t('Officer (prison side)')],
  ['coordinator', t('Coordinator (community side)')],
  ['scheduler', t('Scheduler')],
  ['admin', t('Admin')],
];

function newPassword(account) {
  return modal(t('New password for {name}', { name: account.name }), t('Set password'), (form) => {
    const password = field({
      name: 'password', label: t('New password'), type: 'password', required: true,
      autocomplete: 'new-password',
    });
    form.append(password.wrapper);
    return async () => {
      await api('POST', 'staff/' + encodeURIComponent(account.id) + '/password',
        { password: password.control.value });
      announce(t('The password of {name} is changed.', { name: account.name }));
      return true;
    };
  });
}

export function render(main, context) {
  const tbody = h('tbody');
  const table = h('table', { id: 'staff' },
    h('caption', {}, t('Staff accounts')),
    h('thead', {}, h('tr', {},
      [t('Name'), t('Username'), t('Roles'), t('Sites'), t('Kiosk PIN'), t('State'), t('Actions')]
        .map((text) => h('th', { scope: 'col' }, text)))),
    tbody);
  const id = field({ name: 'id', label: t('Username'), required: true, autocomplete: 'off' });
  const name = field({ name: 'name', label: t('Full name'), required: true, autocomplete: 'off' });
  const password = field({
    name: 'password', label: t('Password'), type: 'password', required: true,
    autocomplete: 'new-password',
  });
  const roles = checkboxGroup('roles', t('Roles'), ROLES());
  const sitesHolder = h('div');
  let sites = checkboxGroup('sites', t('Sites'), []);
  sitesHolder.append(sites.wrapper);
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'add-staff-title' },
    h('h2', { id: 'add-staff-title' }, t('Add an account')), formError(),
    id.wrapper, name.wrapper, roles.wrapper, sitesHolder, password.wrapper,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('Add account'))));
  main.append(pageHeading(t('Staff accounts')), scrollingTable(table, t('Staff accounts')), form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      const added = await api('POST', 'staff', {
        id: id.control.value.trim(),
        name: name.control.value.trim(),
        roles: roles.values(),
        sites: sites.values(),
        password: password.control.value,
      });
      announce(t('Account {name} added.', { name: added.name }));
      form.reset();
      load();
    } catch (error) {
      showError(form, error);
    }
  });

  async function act(account, action) {
    try {
      await api('POST', 'staff/' + encodeURIComponent(account.id) + '/' + action);
      announce(action === 'disable'
        ? t('{name} is disabled.', { name: account.name })
        : t('{name} is enabled.', { name: account.name }));
      load();
    } catch (error) {
      announce(error.message);
    }
  }

  async function load() {
    let accounts;
    try {
      ({ staff: accounts } = await api('GET', 'staff'));
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
      }
      context.ready();
      return;
    }
    tbody.replaceChildren(...accounts.map((a) => h('tr', { 'data-staff': a.id },
      h('th', { scope: 'row' }, a.name),
      h('td', {}, a.id),
      h('td', {}, a.roles.join(', ')),
      h('td', {}, a.sites.length ? a.sites.join(', ') : t('All sites')),
      h('td', {}, a.has_pin ? t('Set') : t('Not set')),
      h('td', {}, a.disabled ? t('Disabled') : t('Active')),
      h('td', {}, h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'small secondary',
          'aria-label': (a.disabled ? t('Enable {name}', { name: a.name }) : t('Disable {name}', { name: a.name })),
          onclick: () => act(a, a.disabled ? 'enable' : 'disable'),
        }, a.disabled ? t('Enable') : t('Disable')),
        h('button', {
          type: 'button', class: 'small secondary',
          'aria-label': t('New password for {name}', { name: a.name }),
          onclick: () => newPassword(a),
        }, t('New password…')))))));
    context.ready();
  }

  api('GET', 'sites').then(({ sites: list }) => {
    sites = checkboxGroup('sites', t('Sites'), list.map((s) => [s.id, s.name]));
    sitesHolder.replaceChildren(sites.wrapper);
  }).catch(() => {});
  load();
}
