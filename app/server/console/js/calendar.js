// SPDX-License-Identifier: GPL-3.0-or-later
// Calendar: a week of one kiosk pair's template slots (GET /api/v1/slots),
// free ones bookable in two clicks (the slot, then Book), booked ones
// opening the booking to move or cancel it. Slots held back for families
// in their first week and slots in the community site's school hours are
// marked. Times are the prison site's local time, as the server writes
// them.

import { api, query } from './api.js';
import { h, field, pageHeading, isoDay, showError, clearErrors, formError } from './dom.js';
import { t, formatDate } from './i18n.js';
import { bookSlot, showBooking } from './booking-dialogs.js';
import { siteDateTime } from './family-text.js';

// The calendar's choice survives going to another page and back.
const remembered = { prison: '', community: '', from: '' };

function addDays(day, n) {
  const date = new Date(day + 'T12:00:00Z');
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

function dayHeading(day) {
  return formatDate(new Date(day + 'T12:00:00Z'));
}

export function render(main, context) {
  const canBook = context.hasRole('scheduler');
  const prison = field({ name: 'prison', label: t('Prison kiosk'), type: 'select', options: [] });
  const community = field({ name: 'community', label: t('Community kiosk'), type: 'select', options: [] });
  const from = field({ name: 'from', label: t('Week from'), type: 'date', value: remembered.from });
  const show = h('button', { type: 'submit' }, t('Show'));
  const previous = h('button', { type: 'button', class: 'secondary' }, t('Previous week'));
  const next = h('button', { type: 'button', class: 'secondary' }, t('Next week'));
  const form = h('form', { class: 'filters', novalidate: true },
    formError(),
    [prison, community, from].map((f) => { f.wrapper.classList.add('inline'); return f.wrapper; }),
    h('div', { class: 'actions' }, show, previous, next));
  const summary = h('p', { class: 'status-line', 'aria-live': 'polite' });
  const week = h('div', { class: 'week', id: 'week' });
  main.append(pageHeading(t('Calendar')), form, summary, week);
  let kiosks = [];

  async function load() {
    clearErrors(form);
    remembered.prison = prison.control.value;
    remembered.community = community.control.value;
    remembered.from = from.control.value;
    if (!prison.control.value || !community.control.value) {
      summary.textContent = t('Choose a prison kiosk and a community kiosk.');
      week.replaceChildren();
      context.ready();
      return;
    }
    summary.textContent = t('Loading…');
    let answer;
    try {
      answer = await api('GET', 'slots' + query({
        prison: prison.control.value,
        community: community.control.value,
        from: from.control.value,
        days: 7,
      }));
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      summary.textContent = '';
      showError(form, error);
      context.ready();
      return;
    }
    const first = answer.from;
    if (!from.control.value) {
      from.control.value = first;
    }
    const byDay = new Map();
    for (let i = 0; i < 7; i++) {
      byDay.set(addDays(first, i), []);
    }
    for (const slot of answer.slots) {
      const day = slot.start_local.slice(0, 10);
      if (byDay.has(day)) {
        byDay.get(day).push(slot);
      }
    }
    const free = answer.slots.filter((s) => s.free && !s.past).length;
    summary.textContent = t('Slots this week: {count}, free: {free}. Times in {zone}.', {
      count: answer.slots.length, free, zone: answer.time_zone,
    });
    const communityKiosk = kiosks.find((k) => k.id === answer.community);
    const pair = {
      text: prison.control.selectedOptions[0].textContent + ' – ' +
        community.control.selectedOptions[0].textContent,
      prison: answer.prison,
      community: answer.community,
      communitySite: communityKiosk ? communityKiosk.site : null,
    };
    week.replaceChildren(...[...byDay.entries()].map(([day, slots]) =>
      h('section', { class: 'day', 'aria-labelledby': 'day-' + day },
        h('h2', { id: 'day-' + day }, dayHeading(day)),
        slots.length === 0
          ? h('p', { class: 'empty' }, t('No slots'))
          : h('ul', {}, slots.map((slot) => h('li', {}, slotButton(slot, pair)))))));
    context.ready();
  }

  // What marks a slot: kept for first-week families, in school hours.
  function slotNotes(slot) {
    const notes = [];
    if (slot.held_back) {
      notes.push(t('Kept for first-week families until {time}', {
        time: slot.held_until ? siteDateTime(slot.held_until) : '—',
      }));
    }
    if (slot.in_school_hours) {
      notes.push(t('In school hours'));
    }
    return notes;
  }

  function noteLines(notes) {
    return notes.map((note) => h('span', { class: 'slot-note' }, note));
  }

  function slotButton(slot, pair) {
    const time = slot.start_local.slice(11, 16) + '–' + slot.end_local.slice(11, 16);
    const notes = slot.booking || slot.past ? [] : slotNotes(slot);
    const marks = notes.length ? '. ' + notes.join('. ') : '';
    if (slot.booking) {
      return h('button', {
        type: 'button', class: 'slot booked small',
        'aria-label': t('{time}, booked: open the booking', { time }),
        onclick: async () => {
          if (await showBooking(slot.booking, context)) {
            load();
          }
        },
      }, time, h('span', { class: 'slot-label' }, t('Booked')));
    }
    if (!slot.free || slot.past) {
      return h('span', { class: 'slot past' }, time, ' ', h('span', { class: 'slot-label' },
        slot.past ? t('Past') : t('Taken')));
    }
    const marked = slot.held_back ? ' held' : (slot.in_school_hours ? ' school' : '');
    if (!canBook) {
      return h('span', { class: 'slot' + marked }, time, ' ', h('span', { class: 'slot-label' }, t('Free')),
        noteLines(notes));
    }
    return h('button', {
      type: 'button', class: 'slot free small' + marked,
      'aria-label': t('{time}, free: book it', { time }) + marks,
      onclick: async () => {
        if (await bookSlot(slot, pair)) {
          load();
        }
      },
    }, time, h('span', { class: 'slot-label' }, t('Free')), noteLines(notes));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  previous.addEventListener('click', () => {
    from.control.value = addDays(from.control.value || isoDay(new Date()), -7);
    load();
  });
  next.addEventListener('click', () => {
    from.control.value = addDays(from.control.value || isoDay(new Date()), 7);
    load();
  });

  (async () => {
    try {
      ({ kiosks } = await api('GET', 'kiosks'));
      const live = kiosks.filter((k) => !k.revoked);
      const options = (role) => [['', t('Choose a kiosk')]].concat(
        live.filter((k) => k.role === role).map((k) => [k.id, k.label + ' (' + k.id + ')']));
      prison.control.replaceChildren(...options('prison').map(([value, text]) =>
        h('option', { value, selected: value === remembered.prison }, text)));
      community.control.replaceChildren(...options('community').map(([value, text]) =>
        h('option', { value, selected: value === remembered.community }, text)));
      // One kiosk of each side: nothing to choose.
      if (!remembered.prison && prison.control.options.length === 2) {
        prison.control.selectedIndex = 1;
      }
      if (!remembered.community && community.control.options.length === 2) {
        community.control.selectedIndex = 1;
      }
      await load();
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      showError(form, error);
      context.ready();
    }
  })();
}
