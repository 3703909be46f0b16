// SPDX-License-Identifier: GPL-3.0-or-later
// The Today page's "Contact due" panel (GET /api/v1/families/due): the
// families whose first contact is due within their first week, with the
// days left, then the families past the contact their age band aims for,
// oldest first. Schedulers book the next free slot of each in one click
// (POST /api/v1/bookings with the proposal's slot and minutes).

import { api } from './api.js';
import { h, announce, scrollingTable } from './dom.js';
import { t } from './i18n.js';
import { bookProposal } from './family-dialogs.js';
import {
  bandName, contactStateName, daysLeftText, familyName, proposalText, siteDateTime,
} from './family-text.js';

// The panel as an element, with refresh() and whenLoaded (a promise of
// the first answer).
export function contactDuePanel(context) {
  const canBook = context.hasRole('scheduler');
  const problem = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const status = h('p', { class: 'status-line' }, t('Loading…'));
  const holder = h('div');
  const element = h('section', {
    class: 'card', id: 'contact-due', 'aria-labelledby': 'contact-due-title', 'aria-busy': 'true',
  }, h('h2', { id: 'contact-due-title', tabindex: '-1' }, t('Contact due')), problem, status, holder);
  let loaded = null;
  const whenLoaded = new Promise((resolve) => { loaded = resolve; });

  async function book(entry, button) {
    button.disabled = true;
    problem.hidden = true;
    try {
      await bookProposal(entry.family, entry.proposal);
      await refresh();
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      problem.textContent = t('{family}: {message}', {
        family: familyName(entry.family), message: error.message,
      });
      problem.hidden = false;
      button.disabled = false;
      announce(problem.textContent);
    }
  }

  function slotCell(entry) {
    const contact = entry.family.contact;
    if (contact.next_booked) {
      return h('td', {}, t('Booked: {time}', { time: siteDateTime(contact.next_booked.start) }));
    }
    if (!entry.proposal) {
      return h('td', { class: 'empty' }, t('No free slot in the next four weeks'));
    }
    return h('td', {}, proposalText(entry.proposal),
      entry.proposal.in_school_hours ? [h('br'), h('span', { class: 'hint' }, t('In school hours'))] : null);
  }

  function actionCell(entry) {
    const cell = h('td', { class: 'actions-cell' });
    if (canBook && entry.proposal && !entry.family.contact.next_booked) {
      const button = h('button', {
        type: 'button', class: 'small',
        'data-key': 'book-' + entry.family.id,
        'aria-label': t('Book next free slot for {family}', { family: familyName(entry.family) }),
      }, t('Book next free slot'));
      button.addEventListener('click', () => book(entry, button));
      cell.append(button);
    }
    return cell;
  }

  function table(id, caption, entries) {
    const columns = [t('Family'), t('Age'), t('Due'), t('Next free slot')];
    if (canBook) {
      columns.push(t('Actions'));
    }
    return scrollingTable(h('table', { id },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, entries.map((entry) => {
        const family = entry.family;
        const late = family.contact.days_left < 0;
        return h('tr', { 'data-family': family.id },
          h('th', { scope: 'row' },
            h('a', { href: '#/families/' + encodeURIComponent(family.id) }, familyName(family))),
          h('td', {}, bandName(family.age_band)),
          h('td', { class: 'due' + (late ? ' late' : '') }, daysLeftText(family.contact.days_left)),
          slotCell(entry),
          canBook ? actionCell(entry) : null);
      }))), caption);
  }

  async function refresh() {
    let answer;
    try {
      answer = await api('GET', 'families/due');
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      status.textContent = '';
      problem.textContent = error.message;
      problem.hidden = false;
      element.setAttribute('aria-busy', 'false');
      loaded();
      return;
    }
    const firstWeek = answer.first_week || [];
    const regular = answer.regular || [];
    // Keep the keyboard on the same family's button.
    const focusedKey = element.contains(document.activeElement) && document.activeElement.dataset
      ? document.activeElement.dataset.key : null;
    status.textContent = firstWeek.length + regular.length === 0
      ? t('No family is due for contact.')
      : t('First contact due: {first}. Regular contact due: {regular}.', {
        first: firstWeek.length, regular: regular.length,
      });
    holder.replaceChildren(...[
      firstWeek.length ? table('due-first-week', contactStateName('first-due') + ' – ' +
        t('no visit held yet, fewest days left first'), firstWeek) : null,
      regular.length ? table('due-regular', contactStateName('due') + ' – ' +
        t('oldest first'), regular) : null,
    ].filter(Boolean));
    if (focusedKey) {
      const again = holder.querySelector('[data-key="' + CSS.escape(focusedKey) + '"]');
      (again || element.querySelector('h2')).focus();
    }
    element.setAttribute('aria-busy', 'false');
    loaded();
  }

  refresh();
  return { element, refresh, whenLoaded };
}
