// SPDX-License-Identifier: GPL-3.0-or-later
// The dialogs the Calendar, the Bookings list and a family's page share:
// book a free slot (for a family, whose age rules apply), see one booking,
// move it, cancel it. Every one goes through the admin API and shows the
// server's refusals next to the field they name; a refusal by the age
// rules offers a scheduler to override it with a reason.

import { api } from './api.js';
import { h, field, showError, announce } from './dom.js';
import { modal } from './dialog.js';
import { t, formatDateTime } from './i18n.js';
import { familyName } from './family-text.js';

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

// What the age rules refused: the server's reason and, for a scheduler,
// a field to book anyway with a reason (sent as override_reason, kept
// with the booking and audited). Hidden until the server refuses.
function rulesOverride(form) {
  const reason = field({
    name: 'override_reason', label: t('Override with a reason'), type: 'textarea', maxlength: 500,
    hint: t('Books it anyway. Kept with the booking and in the audit log with your name.'),
  });
  // The reason read out with the field.
  const refusal = h('p', { class: 'rules-refusal', role: 'alert', id: reason.control.id + '-refusal' });
  reason.control.setAttribute('aria-describedby',
    (refusal.id + ' ' + (reason.control.getAttribute('aria-describedby') || '')).trim());
  const section = h('div', { class: 'override', hidden: true }, refusal, reason.wrapper);
  return {
    section,
    // Whether @error was the age rules' refusal (then shown here, and
    // the reason asked for if it was asked for already).
    handle(error, submitText) {
      if (error.code !== 'too-long-for-age' && error.code !== 'too-close-for-age') {
        return false;
      }
      const askedBefore = !section.hidden;
      refusal.textContent = error.message;
      section.hidden = false;
      const submit = form.querySelector('button[type="submit"]');
      if (submit) {
        submit.textContent = submitText;
      }
      if (askedBefore && !reason.control.value.trim()) {
        showError(form, { field: 'override_reason', message: t('Say why the visit may break the age rules.') });
      } else {
        reason.control.focus();
      }
      return true;
    },
    // The reason, if one is given (none: the rules are kept).
    value() {
      const text = reason.control.value.trim();
      return section.hidden || text === '' ? undefined : text;
    },
  };
}

async function familiesFor(pair) {
  try {
    const { families } = await api('GET', 'families');
    return families.filter((f) => !f.archived && f.prison_kiosks.includes(pair.prison) &&
      (!pair.communitySite || f.community_site === pair.communitySite));
  } catch (error) {
    return [];
  }
}

// Book @slot (as GET /slots lists it) for the kiosk pair @pair ({text,
// prison, community, communitySite}). Resolves with the booking, or false.
export async function bookSlot(slot, pair) {
  const families = await familiesFor(pair);
  const slotMinutes = Math.round((Date.parse(slot.end) - Date.parse(slot.start)) / 60000);
  return modal(t('Book {time}', { time: slot.start_local }), t('Book'), (form) => {
    const family = families.length ? field({
      name: 'family', label: t('Family'), type: 'select',
      options: [['', t('No family')]].concat(families.map((f) => [f.id, familyName(f) + ' (' + f.id + ')'])),
      hint: t('Fills in the names and the age, and the family\'s age rules apply.'),
    }) : null;
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
    const minutes = field({
      name: 'minutes', label: t('Minutes'), type: 'number', min: 1, max: slotMinutes,
      value: String(slotMinutes), required: true,
      hint: t('Up to {minutes}, the slot\'s length; a shorter visit starts at the slot\'s start.',
        { minutes: slotMinutes }),
    });
    const override = rulesOverride(form);
    if (family) {
      family.control.addEventListener('change', () => {
        const chosen = families.find((f) => f.id === family.control.value);
        ageBand.control.disabled = Boolean(chosen);
        if (!chosen) {
          return;
        }
        prisonLabel.control.value = chosen.parent_label;
        communityLabel.control.value = chosen.children.map((c) => c.label).join(' & ');
        ageBand.control.value = chosen.age_band;
        minutes.control.value = String(Math.min(slotMinutes, chosen.rules.default_minutes));
      });
    }
    form.append(...[h('p', {}, pair.text), family ? family.wrapper : null, prisonLabel.wrapper,
      communityLabel.wrapper, ageBand.wrapper, minutes.wrapper, override.section].filter(Boolean));
    return async () => {
      for (const label of [prisonLabel, communityLabel]) {
        if (!label.control.value.trim()) {
          showError(form, { field: label.control.name, message: t('Type the name the screen shows.') });
          return false;
        }
      }
      const length = Number(minutes.control.value);
      if (!Number.isInteger(length) || length < 1) {
        showError(form, { field: 'minutes', message: t('Type the visit\'s length in minutes.') });
        return false;
      }
      const body = {
        slot: slot.slot,
        prison_label: prisonLabel.control.value.trim(),
        community_label: communityLabel.control.value.trim(),
      };
      if (family && family.control.value) {
        body.family = family.control.value;
      } else if (ageBand.control.value) {
        body.age_band = ageBand.control.value;
      }
      if (length !== slotMinutes) {
        body.minutes = length;
      }
      const reason = override.value();
      if (reason !== undefined) {
        body.override_reason = reason;
      }
      let booking;
      try {
        booking = await api('POST', 'bookings', body);
      } catch (error) {
        if (override.handle(error, t('Book anyway'))) {
          return false;
        }
        throw error;
      }
      announce(t('Booked {time}.', { time: slot.start_local }));
      return booking;
    };
  });
}

// Move @booking to a new local time, with a reason (and, when the new
// time breaks the family's age rules, a reason to override them).
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
      const override = rulesOverride(form);
      form.append(start.wrapper, reason.wrapper, override.section);
      return async () => {
        const body = { start: start.control.value.trim(), reason: reason.control.value };
        const overrideReason = override.value();
        if (overrideReason !== undefined) {
          body.override_reason = overrideReason;
        }
        let moved;
        try {
          moved = await api('POST', 'bookings/' + encodeURIComponent(booking.id) + '/move', body);
        } catch (error) {
          if (override.handle(error, t('Move anyway'))) {
            return false;
          }
          throw error;
        }
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
      if (booking.family) {
        rows.push([t('Family'), booking.family]);
      }
      if (booking.rules_override) {
        rows.push([t('Age rules'), t('Override: {reason}', { reason: booking.rules_override })]);
      }
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
