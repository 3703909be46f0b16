// SPDX-License-Identifier: GPL-3.0-or-later
// How the Families page, the due panel, the booking dialog and the site
// rules say a family's things: age bands, the contact it has had and is
// due, the rules of its youngest child, a proposed visit. Times the
// server writes as a site's local ISO time ("2026-12-08T15:30:00+01:00")
// are read as they are written: the site's own wall clock.

import { h } from './dom.js';
import { t, tn, formatDate } from './i18n.js';

export const BANDS = ['0-3', '4-7', '8-12', '13-17'];

export function bandName(band) {
  switch (band) {
    case '0-3': return t('0–3 years');
    case '4-7': return t('4–7 years');
    case '8-12': return t('8–12 years');
    case '13-17': return t('13–17 years');
    default: return t('Not given');
  }
}

export function bandOptions() {
  return BANDS.map((band) => [band, bandName(band)]);
}

// "Tue 8 Dec" of a local ISO time or a "YYYY-MM-DD" day.
export function siteDay(iso) {
  return formatDate(new Date(iso.slice(0, 10) + 'T12:00:00Z'));
}

// "Tue 8 Dec, 15:30" of a local ISO time ("… UTC" when it is UTC's "Z").
export function siteDateTime(iso) {
  const text = t('{day}, {time}', { day: siteDay(iso), time: iso.slice(11, 16) });
  return iso.endsWith('Z') ? text + ' UTC' : text;
}

// When contact is due: a midnight is the end of the day before ("end of
// Mon 7 Dec"), any other time as it is.
export function dueText(iso) {
  if (iso.slice(11, 16) !== '00:00') {
    return siteDateTime(iso);
  }
  const day = new Date(iso.slice(0, 10) + 'T12:00:00Z');
  day.setUTCDate(day.getUTCDate() - 1);
  return t('end of {day}', { day: formatDate(day) });
}

// "Tue 8 Dec, 15:30–15:45" of a local start and end.
export function siteSpan(start, end) {
  return t('{day}, {start}–{end}', {
    day: siteDay(start), start: start.slice(11, 16), end: end.slice(11, 16),
  });
}

// "Dad with Lena & Sam"
export function familyName(family) {
  return t('{prison} with {community}', {
    prison: family.parent_label,
    community: family.children.map((child) => child.label).join(' & '),
  });
}

// "Lena (0–3 years), Sam (4–7 years)"
export function childrenText(family) {
  return family.children.map((child) => t('{child} ({band})', {
    child: child.label, band: bandName(child.age_band),
  })).join(', ');
}

// "3 days left", "Due today", "1 day late".
export function daysLeftText(days) {
  if (days > 0) {
    return tn('{count} day left', '{count} days left', days, { count: days });
  }
  if (days === 0) {
    return t('Due today');
  }
  return tn('{count} day late', '{count} days late', -days, { count: -days });
}

export function contactStateName(state) {
  switch (state) {
    case 'first-due': return t('First contact due');
    case 'due': return t('Contact due');
    case 'ok': return t('On track');
    default: return state;
  }
}

// The state as a badge, and what it means in days.
export function contactBadge(contact) {
  const late = contact.state !== 'ok' && contact.days_left < 0;
  return h('span', { class: 'contact' },
    h('span', { class: 'badge contact-' + contact.state + (late ? ' late' : '') },
      contactStateName(contact.state)),
    contact.state === 'ok' ? null : ' ' + daysLeftText(contact.days_left));
}

// "2 visits in 7 days"
export function aimText(rules) {
  return t('{visits} in {days}', {
    visits: tn('{count} visit', '{count} visits', rules.aim_visits, { count: rules.aim_visits }),
    days: tn('{count} day', '{count} days', rules.aim_days, { count: rules.aim_days }),
  });
}

// The rules of the family's youngest child, as a list of terms.
export function rulesTerms(rules) {
  return [
    [t('Usual length'), t('{minutes} min', { minutes: rules.default_minutes })],
    [t('Longest visit'), t('{minutes} min', { minutes: rules.max_minutes })],
    [t('Time between visits'), tn('at least {count} hour', 'at least {count} hours',
      rules.min_gap_hours, { count: rules.min_gap_hours })],
    [t('Contact aimed for'), aimText(rules)],
  ];
}

// What a proposal is: when, how long, where, and whether it keeps the
// deadline and stays out of school hours.
export function proposalText(proposal) {
  return t('{when} ({minutes} min) at {prison} and {community}', {
    when: siteSpan(proposal.start, proposal.end),
    minutes: proposal.minutes,
    prison: proposal.prison,
    community: proposal.community,
  });
}

// The last day of the family's first week (first_week_end is the midnight
// after it).
export function firstWeekLastDay(family) {
  const day = new Date(family.first_week_end.slice(0, 10) + 'T12:00:00Z');
  day.setUTCDate(day.getUTCDate() - 1);
  return formatDate(day);
}

export function proposalNotes(proposal, family) {
  const notes = [];
  if (proposal.before_deadline) {
    notes.push(family && family.contact.state === 'first-due'
      ? t('Within the first week (until {day}).', { day: firstWeekLastDay(family) })
      : t('In time for the contact aimed for.'));
  } else {
    notes.push(t('No free slot before {day}: this is the first one after.', {
      day: siteDateTime(proposal.deadline),
    }));
  }
  if (proposal.in_school_hours) {
    notes.push(t('In school hours: no free slot outside them in time.'));
  }
  return notes;
}

// The description list of @terms ([term, value] pairs).
export function details(terms) {
  return h('dl', { class: 'details' }, terms.map(([term, value]) =>
    [h('dt', {}, term), h('dd', {}, value)]));
}
