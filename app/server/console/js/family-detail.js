// SPDX-License-Identifier: GPL-3.0-or-later
// One family (#/families/ID): its children and their age bands, the
// rules of the youngest, where its contact stands, the visit the server
// proposes next and its visits. Schedulers book the proposal, change the
// family or archive it.

import { api } from './api.js';
import { h, pageHeading, scrollingTable, announce } from './dom.js';
import { t } from './i18n.js';
import { showBooking, stateName } from './booking-dialogs.js';
import { archiveFamily, bookProposal, editFamily } from './family-dialogs.js';
import {
  bandName, childrenText, contactBadge, details, dueText, familyName, firstWeekLastDay, proposalNotes,
  proposalText, rulesTerms, siteDateTime, siteDay,
} from './family-text.js';

function heldText(booking) {
  if (booking.outcome === 'cancelled') {
    return '';
  }
  if (booking.state !== 'ended') {
    return '—';
  }
  return booking.held ? t('Held') : t('Not held');
}

export function render(main, context, familyId) {
  const canChange = context.hasRole('scheduler');
  const heading = pageHeading(t('Family'));
  const status = h('p', { class: 'status-line', 'aria-live': 'polite' });
  const body = h('div', { id: 'family' });
  main.append(h('p', {}, h('a', { href: '#/families' }, t('All families'))), heading, status, body);
  let kiosks = [];
  let sites = [];

  function siteName(id) {
    const site = sites.find((s) => s.id === id);
    return site ? site.name + ' (' + id + ')' : id;
  }

  function section(id, title, ...content) {
    return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), content);
  }

  function proposalSection(family, answer) {
    if (family.archived) {
      return null;
    }
    const proposal = answer ? answer.proposal : null;
    const content = [];
    if (proposal === null) {
      content.push(h('p', {}, (answer && answer.reason) ||
        t('No free slot in the next four weeks. Add slot templates for the family\'s kiosks, ' +
          'or book by hand in the Calendar.')));
    } else {
      content.push(h('p', { id: 'proposal' }, proposalText(proposal)),
        proposalNotes(proposal, family).map((note) => h('p', { class: 'hint' }, note)));
      if (family.contact.next_booked) {
        content.push(h('p', { class: 'hint' }, t('A visit is booked already ({time}): this one would come on top.',
          { time: siteDateTime(family.contact.next_booked.start) })));
      }
      if (canChange) {
        const problem = h('p', { class: 'form-error', role: 'alert', hidden: true });
        const book = h('button', {
          type: 'button',
          onclick: async () => {
            book.disabled = true;
            problem.hidden = true;
            try {
              await bookProposal(family, proposal);
              load();
            } catch (error) {
              if (error.status === 401) {
                context.signedOut();
                return;
              }
              problem.textContent = error.message;
              problem.hidden = false;
              book.disabled = false;
            }
          },
        }, t('Book this visit'));
        content.push(problem, h('div', { class: 'actions' }, book));
      }
    }
    return section('family-proposal', t('Proposed visit'), content);
  }

  function bookingsSection(family) {
    const rows = (family.bookings || []).map((b) => h('tr', { 'data-booking': b.id },
      h('th', { scope: 'row' }, siteDateTime(b.start)),
      h('td', {}, stateName(b.state, b.outcome)),
      h('td', {}, heldText(b)),
      h('td', { class: 'details-cell' }, b.rules_override
        ? t('Override: {reason}', { reason: b.rules_override }) : t('Within the rules')),
      h('td', {}, h('button', {
        type: 'button', class: 'small secondary',
        'aria-label': t('Open the booking of {time}', { time: siteDateTime(b.start) }),
        onclick: async () => {
          if (await showBooking(b.id, context)) {
            load();
          }
        },
      }, t('Open')))));
    const table = h('table', { id: 'family-bookings' },
      h('caption', {}, t('Visits of this family: the last 20 and those to come')),
      h('thead', {}, h('tr', {}, [t('Start'), t('State'), t('Held'), t('Age rules'), t('Details')]
        .map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, rows.length ? rows
        : h('tr', {}, h('td', { colspan: '5', class: 'empty' }, t('No visits yet.')))));
    return section('family-visits', t('Visits'),
      scrollingTable(table, t('Visits of this family: the last 20 and those to come')));
  }

  function draw(family, proposal) {
    heading.textContent = familyName(family);
    document.title = familyName(family) + ' – Kinvisit';
    const contact = family.contact;
    const actions = canChange && !family.archived ? h('div', { class: 'actions' },
      h('button', {
        type: 'button', class: 'secondary',
        onclick: async () => {
          if (await editFamily(family, kiosks, sites)) {
            load();
          }
        },
      }, t('Change…')),
      h('button', {
        type: 'button', class: 'danger',
        onclick: async () => {
          if (await archiveFamily(family)) {
            load();
          }
        },
      }, t('Archive…'))) : null;
    body.replaceChildren(...[
      family.archived ? h('p', { class: 'status-line' }, h('span', { class: 'badge idle' }, t('Archived')),
        ' ', t('No longer in the due list or proposals.')) : null,
      actions,
      section('family-about', t('Family'), details([
        [t('Family id'), family.id],
        [t('Children'), childrenText(family)],
        [t('Admitted'), siteDay(family.admitted_on)],
        [t('First week'), t('until {day}', { day: firstWeekLastDay(family) })],
        [t('Community site'), siteName(family.community_site)],
        [t('Prison kiosks'), family.prison_kiosks.join(', ')],
        [t('Added'), t('{time} by {who}', { time: siteDateTime(family.created), who: family.created_by })],
      ])),
      section('family-rules', t('Age rules for {band}', { band: bandName(family.age_band) }),
        h('p', { class: 'hint' }, t('The youngest child\'s rules, as the community site sets them.')),
        details(rulesTerms(family.rules))),
      family.archived ? null : section('family-contact', t('Contact'), details([
        [t('State'), contactBadge(contact)],
        [t('Due by'), contact.due ? dueText(contact.due) : '—'],
        [t('Last visit held'), contact.last_held ? siteDateTime(contact.last_held) : t('None yet')],
        [t('Next visit booked'), contact.next_booked ? siteDateTime(contact.next_booked.start) : t('None')],
      ])),
      proposalSection(family, proposal),
      bookingsSection(family),
    ].filter(Boolean));
  }

  async function load() {
    const path = 'families/' + encodeURIComponent(familyId);
    try {
      const family = await api('GET', path);
      const proposal = family.archived ? null : await api('GET', path + '/proposal');
      draw(family, proposal);
      status.textContent = '';
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      status.classList.add('problem');
      status.textContent = error.status === 404 ? t('There is no such family.') : error.message;
      announce(status.textContent);
    }
    context.ready();
  }

  (async () => {
    try {
      [{ kiosks }, { sites }] = await Promise.all([api('GET', 'kiosks'), api('GET', 'sites')]);
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
    }
    load();
  })();
}
