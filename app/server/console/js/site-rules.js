// SPDX-License-Identifier: GPL-3.0-or-later
// A site's weekly hours and its age rules, for the Templates and sites
// page: the week editor serves the opening hours (PUT sites/ID/hours) and
// the school hours (PUT sites/ID/school-hours) alike, one range a day in
// the site's local time; the age rules table shows each band's visit
// lengths, gap and the contact aimed for, and admins change them
// (PUT sites/ID/age-rules). The server's refusals land on their field.

import { api } from './api.js';
import { h, field, formError, clearErrors, showError, announce, scrollingTable } from './dom.js';
import { t } from './i18n.js';
import { BANDS, bandName } from './family-text.js';

export const WEEKDAYS = () => [
  ['mon', t('Monday')], ['tue', t('Tuesday')], ['wed', t('Wednesday')], ['thu', t('Thursday')],
  ['fri', t('Friday')], ['sat', t('Saturday')], ['sun', t('Sunday')],
];

export function weekdayName(code) {
  const found = WEEKDAYS().find(([value]) => value === code);
  return found ? found[1] : code;
}

// "Monday 14:00–18:00, Tuesday ..." of a list of ranges.
export function hoursText(list) {
  return list.map((o) => weekdayName(o.weekday) + ' ' + o.opens + '–' + o.closes).join(', ');
}

function inline(f) {
  f.wrapper.classList.add('inline');
  return f.wrapper;
}

// The week editor: @spec = { site, member ('hours' | 'school_hours'),
// path ('hours' | 'school-hours'), formLabel, heading, hint, opensLabel,
// closesLabel, saveText, savedText, onSaved }.
export function hoursForm(spec) {
  const current = spec.site[spec.member] || [];
  const rows = WEEKDAYS().map(([code, name]) => {
    const range = current.find((o) => o.weekday === code);
    const opens = field({
      name: 'opens-' + code, label: spec.opensLabel(name), type: 'time', value: range ? range.opens : '',
    });
    const closes = field({
      name: 'closes-' + code, label: spec.closesLabel(name), type: 'time', value: range ? range.closes : '',
    });
    return { code, opens, closes };
  });
  const form = h('form', { novalidate: true, 'aria-label': spec.formLabel },
    h('h3', {}, spec.heading),
    h('p', { class: 'hint' }, spec.hint),
    formError(),
    h('div', { class: 'hours-grid' }, rows.map((r) => [inline(r.opens), inline(r.closes)])),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, spec.saveText)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const list = [];
    const aliases = {};
    for (const r of rows) {
      if (r.opens.control.value || r.closes.control.value) {
        // The server names the list's item ("hours[2]", "school_hours[2]")
        // or a member of it: all land on that day's first field.
        for (const name of [spec.member, 'hours']) {
          for (const member of ['', '.weekday', '.opens', '.closes']) {
            aliases[name + '[' + list.length + ']' + member] =
              member === '.closes' ? r.closes.control.name : r.opens.control.name;
          }
        }
        list.push({ weekday: r.code, opens: r.opens.control.value, closes: r.closes.control.value });
      }
    }
    try {
      await api('PUT', 'sites/' + encodeURIComponent(spec.site.id) + '/' + spec.path,
        { [spec.member]: list });
      announce(spec.savedText);
      spec.onSaved();
    } catch (error) {
      showError(form, error, aliases);
    }
  });
  return form;
}

const RULE_FIELDS = () => [
  ['default_minutes', t('Usual length (min)'), 5, 240],
  ['max_minutes', t('Longest (min)'), 5, 240],
  ['min_gap_hours', t('Hours between visits'), 0, 336],
  ['aim_visits', t('Aim: visits'), 1, 14],
  ['aim_days', t('Aim: in days'), 1, 31],
];

// The age rules of @site as a table; an admin's has a field in each cell
// and one Save for all bands.
export function ageRulesTable(site, editable, onSaved) {
  const rules = site.age_rules || {};
  const columns = RULE_FIELDS();
  let cellCount = 0;
  const cell = (band, [member, label, min, max]) => {
    const value = rules[band] ? rules[band][member] : '';
    if (!editable) {
      return h('td', { class: 'number' }, String(value));
    }
    const id = 'rule-' + site.id + '-' + band + '-' + member + '-' + (++cellCount);
    return h('td', {},
      h('label', { for: id, class: 'visually-hidden' }, t('{band}: {rule}', { band: bandName(band), rule: label })),
      h('input', {
        id, name: band + '.' + member, type: 'number', min, max, step: 1, value: String(value),
        required: true, inputmode: 'numeric', class: 'rule-input',
      }),
      h('p', { class: 'field-error', id: id + '-error', hidden: true }));
  };
  const table = h('table', { class: 'age-rules', id: 'age-rules-' + site.id },
    h('caption', {}, t('Age rules of {site}', { site: site.name })),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('Age band')),
      columns.map(([, label]) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, BANDS.map((band) => h('tr', { 'data-band': band },
      h('th', { scope: 'row' }, bandName(band)),
      columns.map((column) => cell(band, column))))));
  const wrapped = scrollingTable(table, t('Age rules of {site}', { site: site.name }));
  if (!editable) {
    return wrapped;
  }
  const form = h('form', { novalidate: true, 'aria-label': t('Age rules of {site}', { site: site.name }) },
    formError(), wrapped,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('Save age rules'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {};
    for (const band of BANDS) {
      body[band] = {};
      for (const [member] of columns) {
        const input = form.querySelector('[name="' + CSS.escape(band + '.' + member) + '"]');
        const text = input.value.trim();
        if (!/^\d+$/.test(text)) {
          showError(form, { field: input.name, message: t('Type a whole number.') });
          return;
        }
        body[band][member] = Number(text);
      }
    }
    try {
      await api('PUT', 'sites/' + encodeURIComponent(site.id) + '/age-rules', body);
      announce(t('Age rules of {site} saved.', { site: site.name }));
      onSaved();
    } catch (error) {
      showError(form, error);
    }
  });
  return form;
}

// The site's card: age rules and school hours (the page adds the opening
// hours and closed days).
export function siteRulesPart(site, isAdmin, onSaved) {
  const school = site.school_hours || [];
  const part = [
    h('h3', {}, t('Age rules')),
    h('p', { class: 'hint' }, t('For each age band: how long a visit usually is and at most, the ' +
      'least time between two visits of a family, and the contact the site aims for. A family ' +
      'follows its youngest child\'s band; a scheduler may override with a reason.')),
    ageRulesTable(site, isAdmin, onSaved),
    h('p', {}, h('strong', {}, t('School hours:')), ' ', school.length === 0 ? t('None') : hoursText(school)),
  ];
  if (isAdmin) {
    part.push(hoursForm({
      site,
      member: 'school_hours',
      path: 'school-hours',
      formLabel: t('School hours of {site}', { site: site.name }),
      heading: t('Set the school hours'),
      hint: t('Slots inside them are marked for children aged 4–17, and proposals prefer slots ' +
        'outside them. Leave a day empty when there is no school.'),
      opensLabel: (day) => t('{day}: school starts', { day }),
      closesLabel: (day) => t('{day}: school ends', { day }),
      saveText: t('Save school hours'),
      savedText: t('School hours of {site} saved.', { site: site.name }),
      onSaved,
    }));
  }
  return part;
}
