// SPDX-License-Identifier: GPL-3.0-or-later
// Bookings: the visits of a day and later (GET /api/v1/bookings, filtered
// by kiosk and day), each opening its details; schedulers move and cancel
// from there.

import { api, query } from './api.js';
import { h, field, formError, clearErrors, showError, pageHeading, scrollingTable } from './dom.js';
import { t, formatDateTime } from './i18n.js';
import { showBooking, stateName } from './booking-dialogs.js';

export function render(main, context) {
  const kiosk = field({ name: 'kiosk', label: t('Kiosk'), type: 'select', options: [['', t('All kiosks')]] });
  const day = field({ name: 'day', label: t('Day'), type: 'date', hint: t('Empty: today and later') });
  const state = field({
    name: 'state', label: t('State'), type: 'select', options: [
      ['', t('Any')], ['scheduled', t('Booked')], ['live', t('Live')], ['ended', t('Ended')],
      ['cancelled', t('Cancelled')],
    ],
  });
  const form = h('form', { class: 'filters', novalidate: true }, formError(),
    [kiosk, day, state].map((f) => { f.wrapper.classList.add('inline'); return f.wrapper; }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('Show'))));
  const summary = h('p', { class: 'status-line', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const table = h('table', { id: 'bookings' },
    h('caption', {}, t('Bookings')),
    h('thead', {}, h('tr', {},
      [t('Start'), t('Prison kiosk'), t('Community kiosk'), t('Who'), t('State'), t('From template'),
        t('Details')].map((text) => h('th', { scope: 'col' }, text)))),
    tbody);
  main.append(pageHeading(t('Bookings')), form, summary, scrollingTable(table, t('Bookings')));

  async function load() {
    clearErrors(form);
    let answer;
    try {
      answer = await api('GET', 'bookings' + query({
        kiosk: kiosk.control.value, day: day.control.value,
      }));
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      showError(form, error);
      context.ready();
      return;
    }
    const wanted = state.control.value;
    const bookings = answer.bookings.filter((b) => {
      if (!wanted) {
        return true;
      }
      if (wanted === 'cancelled') {
        return b.outcome === 'cancelled';
      }
      if (wanted === 'live') {
        return ['joinable', 'ready', 'live', 'goodbye'].includes(b.state);
      }
      return b.state === wanted && b.outcome !== 'cancelled';
    });
    summary.textContent = t('Bookings shown: {count}', { count: bookings.length });
    tbody.replaceChildren(...(bookings.length === 0
      ? [h('tr', {}, h('td', { colspan: '7', class: 'empty' }, t('No bookings match.')))]
      : bookings.map((b) => h('tr', { 'data-booking': b.id },
        h('th', { scope: 'row' }, b.start_local || formatDateTime(new Date(b.start))),
        h('td', {}, b.prison),
        h('td', {}, b.community),
        h('td', {}, t('{prison} with {community}', {
          prison: b.prison_label || '—', community: b.community_label || '—',
        })),
        h('td', {}, stateName(b.state, b.outcome)),
        h('td', {}, b.template || ''),
        h('td', {}, h('button', {
          type: 'button', class: 'small secondary',
          'aria-label': t('Open the booking of {time}', { time: b.start_local || b.start }),
          onclick: async () => {
            if (await showBooking(b.id, context)) {
              load();
            }
          },
        }, t('Open')))))));
    context.ready();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  (async () => {
    try {
      const { kiosks } = await api('GET', 'kiosks');
      for (const k of kiosks) {
        kiosk.control.append(h('option', { value: k.id }, k.label + ' (' + k.id + ')'));
      }
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
    }
    load();
  })();
}
