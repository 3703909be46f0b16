// SPDX-License-Identifier: GPL-3.0-or-later
// Signing in: POST /api/v1/session {username, password}. The cookie it
// sets is HttpOnly; the answer's CSRF token stays in memory.

import { api } from './api.js';
import { h, field, formError, clearErrors, showError, pageHeading } from './dom.js';
import { t } from './i18n.js';

export function render(main, context) {
  const username = field({
    name: 'username', label: t('Username'), required: true, autocomplete: 'username',
  });
  const password = field({
    name: 'password', label: t('Password'), type: 'password', required: true,
    autocomplete: 'current-password',
  });
  const submit = h('button', { type: 'submit' }, t('Sign in'));
  const form = h('form', { class: 'card narrow', novalidate: true },
    pageHeading(t('Sign in to the Kinvisit console')),
    formError(),
    username.wrapper,
    password.wrapper,
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!username.control.value.trim()) {
      showError(form, { field: 'username', message: t('Type your username.') });
      return;
    }
    if (!password.control.value) {
      showError(form, { field: 'password', message: t('Type your password.') });
      return;
    }
    submit.disabled = true;
    try {
      const answer = await api('POST', 'session', {
        username: username.control.value.trim(),
        password: password.control.value,
      });
      password.control.value = '';
      context.signedIn(answer);
    } catch (error) {
      // A wrong name or password is one message, shown at the password
      // (saying which of the two was wrong would help a guesser).
      if (error.code === 'sign-in-failed') {
        showError(form, { field: 'password', status: error.status,
          message: t('Wrong username or password.') });
      } else if (error.status === 429) {
        showError(form, { field: 'password', status: error.status,
          message: t('Too many failed attempts. Wait a few minutes, then try again.') });
      } else {
        showError(form, error);
      }
    } finally {
      submit.disabled = false;
    }
  });
  main.append(form);
  username.control.focus();
}
