// SPDX-License-Identifier: GPL-3.0-or-later
// A modal dialog around a form: focus moves into it and back to where it
// was, Escape closes it, and what its submit handler throws (an ApiError)
// is shown next to the field it names.

import { h, formError, clearErrors, showError } from './dom.js';
import { t } from './i18n.js';

// A modal <dialog> with a form; resolves when it closes. @build(form)
// adds the fields and returns the submit handler, which returns true to
// close.
export function modal(titleText, submitText, build, danger) {
  return new Promise((resolve) => {
    const returnFocus = document.activeElement;
    const title = h('h2', { id: 'dialog-title' }, titleText);
    const submit = h('button', { type: 'submit', class: danger ? 'danger' : '' }, submitText);
    const close = h('button', { type: 'button', class: 'secondary' }, t('Close'));
    const form = h('form', { method: 'dialog', novalidate: true }, title, formError());
    const dialog = h('dialog', { 'aria-labelledby': 'dialog-title' }, form);
    const onSubmit = build(form);
    form.append(h('div', { class: 'actions' }, onSubmit ? submit : null, close));
    let result = false;
    close.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (returnFocus && document.contains(returnFocus)) {
        returnFocus.focus();
      }
      resolve(result);
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      submit.disabled = true;
      try {
        const done = await onSubmit(form);
        if (done) {
          result = done;
          dialog.close();
        }
      } catch (error) {
        showError(form, error);
      } finally {
        submit.disabled = false;
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    const first = form.querySelector('input, select, textarea');
    (first || submit).focus();
  });
}

