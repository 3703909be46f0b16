// SPDX-License-Identifier: GPL-3.0-or-later
// The dialogs the Calendar and the Bookings list share: book a free slot,
// see one booking, move it, cancel it. Every one goes through the admin
// API and shows the server's refusals next to the field they name.

import { api } from './api.js';
import { h, field, showError, announce } from './dom.js';
import { modal } from './dialog.js';
import { t, formatDateTime } from './i18n.js';

export const AGE_BANDS = () => [
  ['', t('Not given')],
  ['0-3', t('0–3 years')],
  ['4-7', t('4–7 years')],
  ['8-12', t('8–12 years')],
  ['13-17', t('13–17 years')],
];

export const CANCEL_CATEGORIES = () => [
  ['', t('Choose why')],
  ['family-request', t('The family asked')],
  ['prison-regime', t('Prison regime')],
  ['illness', t('Illness')],
  ['technical', t('Technical problem')],
  ['other', t('Other')],
];

export function stateName(state, outcome) {
  if (outcome === 'cancelled') {
    return t('Cancelled');
  }
  switch (state) {
    case 'scheduled': return t('Booked');
    case 'joinable': return t('Waiting');
    case 'ready': return t('Ready');
    case 'live': return t('Live');
    case 'goodbye': return t('Goodbye');
    case 'ended': return t('Ended');
    default: return state || '';
  }
}

// Book @slot (as GET /slots lists it). Resolves with the booking, or false.
export function bookSlot(slot, pairText) {
  return modal(t('Book {time}', { time: slot.start_local }), t('Book'), (form) => {
    // Filled in already, so that a slot is booked in two clicks; staff
    // who know what the child says ("Dad") change them here.
    const prisonLabel = field({
      name: 'prison_label', label: t('Name the parent is shown as'), maxlength: 40, required: true,
      value: t('Parent'), hint: t('What the child calls them, like Dad. No real names needed.'),
    });
    const communityLabel = field({
      name: 'community_label', label: t('Name the child is shown as'), maxlength: 40,
      required: true, value: t('Child'),
    });
    const ageBand = field({
      name: 'age_band', label: t('Child\'s age'), type: 'select', options: AGE_BANDS(),
    });
    form.append(h('p', {}, pairText), prisonLabel.wrapper, communityLabel.wrapper, ageBand.wrapper);
    return async () => {
      for (const label of [prisonLabel, communityLabel]) {
        if (!label.control.value.trim()) {
          showError(form, { field: label.control.name, message: t('Type the name the screen shows.') });
          return false;
        }
      }
      const body = {
        slot: slot.slot,
        prison_label: prisonLabel.control.value.trim(),
        community_label: communityLabel.control.value.trim(),
      };
      if (ageBand.control.value) {
        body.age_band = ageBand.control.value;
      }
      const booking = await api('POST', 'bookings', body);
      announce(t('Booked {time}.', { time: slot.start_local }));
      return booking;
    };
  });
}

// Move @booking to a new local time, with a reason.
export function moveBooking(booking) {
  return modal(t('Move the visit of {time}', { time: booking.start_local || booking.start }),
    t('Move'), (form) => {
      const start = field({
        name: 'start', label: t('New start (local time)'), required: true,
        value: (booking.start_local || '').slice(0, 16),
        hint: t('Like 2026-12-15 15:30, in the prison\'s time zone'),
      });
      const reason = field({
        name: 'reason', label: t('Reason for the move'), type: 'textarea', required: true,
        maxlength: 500,
      });
      form.append(start.wrapper, reason.wrapper);
      return async () => {
        const moved = await api('POST', 'bookings/' + encodeURIComponent(booking.id) + '/move', {
          start: start.control.value.trim(),
          reason: reason.control.value,
        });
        announce(t('The visit is moved to {time}.', { time: moved.start_local || moved.start }));
        return moved;
      };
    });
}

// Cancel @booking, with a category and a reason.
export function cancelBooking(booking) {
  return modal(t('Cancel the visit of {time}', { time: booking.start_local || booking.start }),
    t('Cancel the visit'), (form) => {
      const category = field({
        name: 'category', label: t('Why is it cancelled?'), type: 'select', required: true,
        options: CANCEL_CATEGORIES(),
      });
      const reason = field({
        name: 'reason', label: t('Reason, in your words'), type: 'textarea', maxlength: 500,
        hint: t('Kept with the booking. The audit log keeps the category only.'),
      });
      form.append(category.wrapper, reason.wrapper);
      return async () => {
        if (!category.control.value) {
          showError(form, { field: 'category', message: t('Choose why the visit is cancelled.') });
          return false;
        }
        const body = { category: category.control.value };
        if (reason.control.value.trim()) {
          body.reason = reason.control.value;
        }
        const cancelled = await api('POST', 'bookings/' + encodeURIComponent(booking.id) + '/cancel',
          body);
        announce(t('The visit is cancelled.'));
        return cancelled;
      };
    }, true);
}

// One booking's details; a scheduler may move or cancel it from here.
// Resolves with true when it changed.
export async function showBooking(bookingId, context) {
  const booking = await api('GET', 'bookings/' + encodeURIComponent(bookingId));
  let action = null;
  const changed = await modal(t('Visit {time}', { time: booking.start_local || booking.start }),
    null, (form) => {
      const rows = [
        [t('Who'), t('{prison} with {community}', {
          prison: booking.prison_label || '—', community: booking.community_label || '—',
        })],
        [t('Kiosks'), booking.prison + ' – ' + booking.community],
        [t('Start'), booking.start_local || formatDateTime(new Date(booking.start))],
        [t('State'), stateName(booking.state, booking.outcome)],
        [t('Booked by'), booking.created_by || ''],
      ];
      form.append(h('dl', { class: 'details' }, rows.map(([term, value]) =>
        [h('dt', {}, term), h('dd', {}, value)])));
      if (context.hasRole('scheduler') && booking.state === 'scheduled' &&
          booking.outcome !== 'cancelled') {
        const dialog = () => form.closest('dialog');
        form.append(h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', onclick: () => { action = 'move'; dialog().close(); } },
            t('Move…')),
          h('button', { type: 'button', class: 'danger', onclick: () => { action = 'cancel'; dialog().close(); } },
            t('Cancel the visit…'))));
      }
      return null;
    });
  if (action === 'move') {
    return Boolean(await moveBooking(booking));
  }
  if (action === 'cancel') {
    return Boolean(await cancelBooking(booking));
  }
  return changed;
}
