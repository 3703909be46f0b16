// SPDX-License-Identifier: GPL-3.0-or-later
// The Families page's dialogs: add a family or change one (the parent's
// label, each child's label and age band, the admission day, the prison
// kiosks and the community site), see the visit the server proposes and
// book it, archive a family. Only labels and age bands are asked for: a
// child's name or birth date is never needed.

import { api } from './api.js';
import { h, field, checkboxGroup, announce, showError } from './dom.js';
import { modal } from './dialog.js';
import { t } from './i18n.js';
import {
  bandOptions, familyName, proposalText, proposalNotes, siteDateTime,
} from './family-text.js';

export const MAX_CHILDREN = 8;

// The children's rows: a label and an age band each, added and removed
// with buttons; the controls are named as the server names its fields
// ("children[1].age_band"), so a refusal lands on its row.
function childRows(initial) {
  let children = initial.length ? initial.map((c) => ({ ...c })) : [{ label: '', age_band: '0-3' }];
  let rows = [];
  const list = h('div', { class: 'child-rows' });
  const add = h('button', { type: 'button', class: 'secondary small' }, t('Add a child'));
  const wrapper = h('fieldset', { class: 'field group' },
    h('legend', {}, t('Children')),
    h('p', { class: 'hint' }, t('A first name or a pet name, like Lena: never a full name. ' +
      'The youngest child\'s age sets the visit rules.')),
    list, h('div', { class: 'actions' }, add));

  function read() {
    children = rows.map((row) => ({
      label: row.label.control.value, age_band: row.band.control.value,
    }));
  }

  function draw(focusIndex) {
    rows = children.map((child, i) => {
      const number = i + 1;
      const label = field({
        name: 'children[' + i + '].label', label: t('Child {number}: name shown', { number }),
        maxlength: 40, required: true, value: child.label,
      });
      const band = field({
        name: 'children[' + i + '].age_band', label: t('Child {number}: age', { number }),
        type: 'select', options: bandOptions(), value: child.age_band,
      });
      const remove = children.length > 1 ? h('button', {
        type: 'button', class: 'secondary small',
        'aria-label': t('Remove child {number}', { number }),
        onclick: () => {
          read();
          children.splice(i, 1);
          draw(Math.max(0, i - 1));
        },
      }, t('Remove')) : null;
      label.wrapper.classList.add('inline');
      band.wrapper.classList.add('inline');
      return { label, band, element: h('div', { class: 'child-row' }, label.wrapper, band.wrapper, remove) };
    });
    list.replaceChildren(...rows.map((row) => row.element));
    add.disabled = children.length >= MAX_CHILDREN;
    if (focusIndex !== undefined && rows[focusIndex]) {
      rows[focusIndex].label.control.focus();
    }
  }

  add.addEventListener('click', () => {
    read();
    if (children.length < MAX_CHILDREN) {
      children.push({ label: '', age_band: '0-3' });
      draw(children.length - 1);
    }
  });
  draw();
  return {
    wrapper,
    values: () => {
      read();
      return children.map((c) => ({ label: c.label.trim(), age_band: c.age_band }));
    },
  };
}

// The family's fields in @form; returns a function that reads them as
// the API's body.
function familyFields(form, kiosks, sites, family) {
  const prisonKiosks = kiosks.filter((k) => k.role === 'prison' && !k.revoked);
  const parent = field({
    name: 'parent_label', label: t('Name the parent is shown as'), maxlength: 40, required: true,
    value: family ? family.parent_label : '',
    hint: t('What the child calls them, like Dad. No real names needed.'),
  });
  const children = childRows(family ? family.children : []);
  const admitted = field({
    name: 'admitted_on', label: t('Admission day'), type: 'date', required: true,
    value: family ? family.admitted_on : '',
    hint: t('The day the parent came into prison: the first week counts from it.'),
  });
  const chosen = family ? family.prison_kiosks
    : (prisonKiosks.length === 1 ? [prisonKiosks[0].id] : []);
  const prison = checkboxGroup('prison_kiosks', t('Prison kiosks the parent uses'),
    prisonKiosks.map((k) => [k.id, k.label + ' (' + k.id + ')']), chosen);
  const site = field({
    name: 'community_site', label: t('Community site of the children'), type: 'select',
    options: [['', t('Choose a site')]].concat(sites.map((s) => [s.id, s.name + ' (' + s.id + ')'])),
    value: family ? family.community_site : (sites.length === 1 ? sites[0].id : ''),
    hint: t('Its age rules and school hours apply to the family.'),
  });
  form.append(parent.wrapper, children.wrapper, admitted.wrapper, prison.wrapper, site.wrapper);
  return () => ({
    parent_label: parent.control.value.trim(),
    children: children.values(),
    admitted_on: admitted.control.value,
    prison_kiosks: prison.values(),
    community_site: site.control.value,
  });
}

// An empty label is caught here, in the staff member's language; the
// server checks everything again.
function emptyLabel(form, body) {
  const names = [['parent_label', body.parent_label]].concat(
    body.children.map((child, i) => ['children[' + i + '].label', child.label]));
  const empty = names.find(([, value]) => !value);
  if (empty) {
    showError(form, { field: empty[0], message: t('Type the name the screen shows.') });
    return true;
  }
  return false;
}

// The server names list items ("prison_kiosks[0]"); the form has one
// group for them.
function onGroup(error) {
  if (error.field && /^prison_kiosks\[/.test(error.field)) {
    error.field = 'prison_kiosks';
  } else if (error.field === 'children') {
    error.field = 'children[0].label';
  }
  return error;
}

// Books @proposal for @family as it is: the one action of the due list.
export async function bookProposal(family, proposal) {
  const booking = await api('POST', 'bookings', {
    slot: proposal.slot, minutes: proposal.minutes, family: family.id,
  });
  announce(t('Booked {time} for {family}.', {
    time: siteDateTime(proposal.start), family: familyName(family),
  }));
  return booking;
}

// The proposal after a family is added; schedulers book it from here.
// Resolves with the booking, or false.
export function showProposal(family, proposal, context, title) {
  const canBook = proposal !== null && context.hasRole('scheduler');
  return modal(title, canBook ? t('Book this visit') : null, (form) => {
    form.append(h('h3', {}, t('Proposed visit')));
    if (proposal === null) {
      form.append(h('p', { id: 'proposal' }, t('No free slot in the next four weeks. ' +
        'Add slot templates for the family\'s kiosks, or book by hand in the Calendar.')));
      return null;
    }
    form.append(h('p', { id: 'proposal' }, proposalText(proposal)),
      ...proposalNotes(proposal, family).map((note) => h('p', { class: 'hint' }, note)));
    return canBook ? () => bookProposal(family, proposal) : null;
  });
}

// Add a family (schedulers). Resolves with {family, proposal}, or false.
export function addFamily(kiosks, sites) {
  return modal(t('Add a family'), t('Add family'), (form) => {
    const body = familyFields(form, kiosks, sites, null);
    return async () => {
      const wanted = body();
      if (emptyLabel(form, wanted)) {
        return false;
      }
      try {
        const answer = await api('POST', 'families', wanted);
        announce(t('{family} is added.', { family: familyName(answer.family) }));
        return answer;
      } catch (error) {
        throw onGroup(error);
      }
    };
  });
}

// Change @family: only the fields that changed are sent. Resolves with
// the family, or false.
export function editFamily(family, kiosks, sites) {
  return modal(t('Change {family}', { family: familyName(family) }), t('Save'), (form) => {
    const body = familyFields(form, kiosks, sites, family);
    return async () => {
      const wanted = body();
      if (emptyLabel(form, wanted)) {
        return false;
      }
      const changed = {};
      for (const [key, value] of Object.entries(wanted)) {
        if (JSON.stringify(value) !== JSON.stringify(family[key])) {
          changed[key] = value;
        }
      }
      if (Object.keys(changed).length === 0) {
        return family;
      }
      try {
        const saved = await api('PATCH', 'families/' + encodeURIComponent(family.id), changed);
        announce(t('{family} is saved.', { family: familyName(saved) }));
        return saved;
      } catch (error) {
        throw onGroup(error);
      }
    };
  });
}

export function archiveFamily(family) {
  return modal(t('Archive {family}?', { family: familyName(family) }), t('Archive'), (form) => {
    form.append(h('p', {}, t('The family leaves the due list and gets no more proposals. ' +
      'Its bookings stay as they are.')));
    return async () => {
      const archived = await api('POST', 'families/' + encodeURIComponent(family.id) + '/archive');
      announce(t('{family} is archived.', { family: familyName(archived) }));
      return archived;
    };
  }, true);
}
