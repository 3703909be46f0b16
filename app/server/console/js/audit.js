// SPDX-License-Identifier: GPL-3.0-or-later
// Audit (admins): the audit log of one day, filtered by staff member and
// by kiosk, with staff named as people; exported as CSV. The server pages
// the log (GET /api/v1/audit?since=&after=); this page reads the day's
// pages and filters them.

import { apiText, api, query } from './api.js';
import { h, field, formError, clearErrors, showError, pageHeading, scrollingTable, isoDay } from './dom.js';
import { t, formatDateTime } from './i18n.js';

const PAGE_ROWS = 1000;
const MAX_PAGES = 20;

// A spreadsheet must not run a cell as a formula (=, +, -, @).
function csvCell(value) {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) {
    text = "'" + text;
  }
  return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

export function render(main, context) {
  const names = new Map();   // "staff:id" -> name
  const day = field({ name: 'day', label: t('Day'), type: 'date', value: isoDay(new Date()), required: true });
  const who = field({ name: 'actor', label: t('Staff member'), type: 'select', options: [['', t('Anyone')]] });
  const kiosk = field({ name: 'kiosk', label: t('Kiosk'), type: 'select', options: [['', t('Any kiosk')]] });
  const exportButton = h('button', { type: 'button', class: 'secondary', disabled: true }, t('Export CSV'));
  const form = h('form', { class: 'filters', novalidate: true }, formError(),
    [day, who, kiosk].map((f) => { f.wrapper.classList.add('inline'); return f.wrapper; }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('Show')), exportButton));
  const summary = h('p', { class: 'status-line', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const table = h('table', { id: 'audit' },
    h('caption', {}, t('Audit log')),
    h('thead', {}, h('tr', {}, [t('Time'), t('Who'), t('Action'), t('Booking'), t('Details')]
      .map((text) => h('th', { scope: 'col' }, text)))),
    tbody);
  main.append(pageHeading(t('Audit')), form, summary, scrollingTable(table, t('Audit log')));
  let shown = [];

  function actorName(actor) {
    return names.has(actor) ? names.get(actor) + ' (' + actor + ')' : actor;
  }

  function matches(row) {
    if (who.control.value && row.actor !== who.control.value) {
      return false;
    }
    const k = kiosk.control.value;
    if (k && row.actor !== 'kiosk:' + k && !(row.details || '').split(/[\s=]/).includes(k) &&
        !(row.kiosks || []).includes(k)) {
      return false;
    }
    return true;
  }

  async function load() {
    clearErrors(form);
    if (!day.control.value) {
      showError(form, { field: 'day', message: t('Choose a day.') });
      context.ready();
      return;
    }
    const start = new Date(day.control.value + 'T00:00:00');
    const end = new Date(start.getTime() + 24 * 3600 * 1000);
    const rows = [];
    let after = 0;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await apiText('audit' + query({
          format: 'jsonl', since: start.toISOString().replace('.000', ''), after, limit: PAGE_ROWS,
        }), 'application/x-ndjson');
        let past = false;
        for (const line of answer.text.split('\n')) {
          if (!line) {
            continue;
          }
          const row = JSON.parse(line);
          if (Date.parse(row.time) >= end.getTime()) {
            past = true;
            break;
          }
          rows.push(row);
        }
        const next = answer.headers.get('Kinvisit-Next-After');
        if (past || !next) {
          break;
        }
        after = next;
      }
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      showError(form, error);
      context.ready();
      return;
    }
    shown = rows.filter(matches);
    summary.textContent = t('Entries shown: {count}', { count: shown.length });
    exportButton.disabled = shown.length === 0;
    tbody.replaceChildren(...(shown.length === 0
      ? [h('tr', {}, h('td', { colspan: '5', class: 'empty' }, t('Nothing was recorded that matches.')))]
      : shown.map((row) => h('tr', {},
        h('th', { scope: 'row' }, formatDateTime(new Date(row.time))),
        h('td', {}, actorName(row.actor)),
        h('td', {}, row.action),
        h('td', {}, row.booking || ''),
        h('td', { class: 'details-cell' }, row.details || '')))));
    context.ready();
  }

  exportButton.addEventListener('click', () => {
    const lines = [['seq', 'time', 'actor', 'name', 'action', 'booking', 'details'].join(',')];
    for (const row of shown) {
      lines.push([row.seq, row.time, row.actor, names.get(row.actor) || '', row.action,
        row.booking || '', row.details || ''].map(csvCell).join(','));
    }
    const blob = new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' });
    const link = h('a', { href: URL.createObjectURL(blob), download: 'kinvisit-audit-' + day.control.value + '.csv' });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });

  (async () => {
    try {
      const [{ staff }, { kiosks }] = await Promise.all([api('GET', 'staff'), api('GET', 'kiosks')]);
      for (const a of staff) {
        names.set('staff:' + a.id, a.name);
        who.control.append(h('option', { value: 'staff:' + a.id }, a.name + ' (' + a.id + ')'));
      }
      who.control.append(h('option', { value: 'admin' }, t('The admin token')));
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
