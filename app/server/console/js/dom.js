// SPDX-License-Identifier: GPL-3.0-or-later
// Small helpers to build the pages from code (no inline HTML strings, so
// nothing a server answer holds is ever parsed as markup) and to show the
// server's errors next to the field they name.

import { t } from './i18n.js';

// h('button', { type: 'button', onclick: fn }, 'Text', child, ...)
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      element.className = value;
    } else if (key === 'for') {
      element.htmlFor = value;
    } else if (key === 'text') {
      element.textContent = value;
    } else if (key in element && typeof value !== 'string') {
      element[key] = value;
    } else {
      element.setAttribute(key, value === true ? '' : value);
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let fieldCount = 0;

// A labelled control with its error line:
// field({ name, label, type, required, options: [[value, text]], value, hint })
export function field(spec) {
  const id = spec.id || 'field-' + spec.name + '-' + (++fieldCount);
  const errorId = id + '-error';
  const hintId = spec.hint ? id + '-hint' : null;
  let control;
  const common = {
    id,
    name: spec.name,
    required: spec.required || false,
    autocomplete: spec.autocomplete,
    'aria-describedby': hintId || undefined,
  };
  if (spec.type === 'select') {
    control = h('select', common,
      (spec.options || []).map(([value, text]) =>
        h('option', { value, selected: value === spec.value }, text)));
  } else if (spec.type === 'textarea') {
    control = h('textarea', { ...common, rows: spec.rows || 3, maxlength: spec.maxlength },
      spec.value || '');
  } else {
    control = h('input', {
      ...common,
      type: spec.type || 'text',
      value: spec.value,
      min: spec.min,
      max: spec.max,
      step: spec.step,
      maxlength: spec.maxlength,
      inputmode: spec.inputmode,
    });
  }
  const wrapper = h('div', { class: 'field' + (spec.inline ? ' inline' : '') },
    h('label', { for: id }, spec.label),
    control,
    hintId ? h('p', { class: 'hint', id: hintId }, spec.hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
  return { wrapper, control };
}

// The form's own error line (for errors that name no field).
export function formError() {
  return h('p', { class: 'form-error', role: 'alert', hidden: true });
}

export function clearErrors(form) {
  for (const line of form.querySelectorAll('.field-error, .form-error')) {
    line.textContent = '';
    line.hidden = true;
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const described = (control.getAttribute('aria-describedby') || '')
      .split(' ').filter((id) => id && !id.endsWith('-error'));
    if (described.length) {
      control.setAttribute('aria-describedby', described.join(' '));
    } else {
      control.removeAttribute('aria-describedby');
    }
  }
}

// Shows @error (an ApiError) next to its field if the form has it, else
// on the form's error line; focuses the field.
export function showError(form, error, fieldAliases) {
  let name = error.field;
  if (name && fieldAliases && fieldAliases[name]) {
    name = fieldAliases[name];
  }
  const control = name ? form.querySelector('[name="' + CSS.escape(name) + '"]') : null;
  const message = error.status === 0
    ? t('The server cannot be reached. Check the connection and try again.')
    : error.message;
  if (control) {
    const line = document.getElementById(control.dataset.errorId || control.id + '-error');
    line.textContent = message;
    line.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    const described = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    described.push(line.id);
    control.setAttribute('aria-describedby', described.join(' '));
    control.focus();
    return;
  }
  const line = form.querySelector('.form-error');
  if (line) {
    line.textContent = message;
    line.hidden = false;
  }
}

// Polite announcements for screen readers (the live board's changes).
export function announce(text) {
  const region = document.getElementById('announcer');
  if (region) {
    region.textContent = '';
    window.setTimeout(() => { region.textContent = text; }, 50);
  }
}

// The page's heading, focused after navigation so keyboard and screen
// reader users start at the top of the new page.
export function pageHeading(text) {
  return h('h1', { tabindex: '-1', id: 'page-heading' }, text);
}

export function isoDay(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate());
}

// A table that may scroll sideways on a narrow screen: a labelled region
// the keyboard can reach (and scroll with the arrow keys).
export function scrollingTable(table, label) {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label }, table);
}

// A group of checkboxes (roles, sites) in a fieldset with one error line;
// each box carries the group's name, so an error naming the group lands
// on the group.
export function checkboxGroup(name, legend, options, checked) {
  const errorId = 'group-' + name + '-error';
  const boxes = options.map(([value, text]) => {
    const id = 'group-' + name + '-' + value;
    return h('div', { class: 'check' },
      h('input', {
        type: 'checkbox', id, name, value, checked: (checked || []).includes(value),
        'data-error-id': errorId,
      }),
      h('label', { for: id }, text));
  });
  const wrapper = h('fieldset', { class: 'field group' }, h('legend', {}, legend), boxes,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
  return {
    wrapper,
    values: () => [...wrapper.querySelectorAll('input:checked')].map((box) => box.value),
  };
}
