// SPDX-License-Identifier: GPL-3.0-or-later
// Reports (schedulers, admins): a month's figures for each site the
// account covers (GET /api/v1/reports?month=&site=), one column a site,
// and the same as CSV from the server (format=csv), saved through a Blob
// URL: the session cookie is HttpOnly, so a plain link could not carry
// the request the way fetch does.

import { apiText, api, query } from './api.js';
import { h, field, formError, clearErrors, showError, pageHeading, scrollingTable } from './dom.js';
import { t } from './i18n.js';

// Each line of the table: its label and where its number is in a report.
function figures() {
  return [
    [t('Visits booked'), (r) => r.booked],
    [t('Held'), (r) => r.held],
    [t('Cancelled'), (r) => r.cancelled],
    [t('No-show: prison side'), (r) => r.no_show.prison],
    [t('No-show: community side'), (r) => r.no_show.community],
    [t('No-show: both sides'), (r) => r.no_show.both],
    [t('No-show: side no longer kept'), (r) => r.no_show.side_unknown],
    [t('Ended early: finished early'), (r) => r.ended_early['finished-early']],
    [t('Ended early: child upset'), (r) => r.ended_early['child-upset']],
    [t('Ended early: adult unwell'), (r) => r.ended_early['adult-unwell']],
    [t('Ended early: technical problem'), (r) => r.ended_early['technical-problem']],
    [t('Ended early: other reason'), (r) => r.ended_early.other],
    [t('Ended early: safeguarding'), (r) => r.ended_early.safeguarding],
    [t('Ended early: no category (older kiosks)'), (r) => r.ended_early.none],
    [t('Minutes booked'), (r) => r.minutes_booked],
    [t('Minutes lost to faults'), (r) => r.minutes_lost],
    [t('Minutes given back'), (r) => r.minutes_given_back],
  ];
}

function thisMonth() {
  const now = new Date();
  return now.getFullYear() + '-' + String(now.getMonth() + 1).padStart(2, '0');
}

export function render(main, context) {
  const month = field({ name: 'month', label: t('Month'), type: 'month', value: thisMonth(), required: true,
    hint: t('Each site\'s month in its own local time.') });
  const site = field({ name: 'site', label: t('Site'), type: 'select', options: [['', t('All my sites')]] });
  const downloadButton = h('button', { type: 'button', class: 'secondary', disabled: true }, t('Download CSV'));
  const form = h('form', { class: 'filters', novalidate: true }, formError(),
    [month, site].map((f) => { f.wrapper.classList.add('inline'); return f.wrapper; }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('Show')), downloadButton));
  const summary = h('p', { class: 'status-line', 'aria-live': 'polite' });
  const note = h('p', { class: 'hint', hidden: true },
    t('* Part of this month was removed by retention: only its totals are kept, so why staff ' +
      'ended those visits early and which side missed a visit are not known.'));
  const caption = h('caption', {});
  const thead = h('thead', {});
  const tbody = h('tbody', {});
  const table = h('table', { id: 'reports' }, caption, thead, tbody);
  main.append(pageHeading(t('Reports')), form, summary, scrollingTable(table, t('Monthly figures')), note);
  let shownMonth = null;

  async function load() {
    clearErrors(form);
    downloadButton.disabled = true;
    if (!/^\d{4}-\d{2}$/.test(month.control.value)) {
      showError(form, { field: 'month', message: t('Choose a month.') });
      context.ready();
      return;
    }
    let answer;
    try {
      answer = await api('GET', 'reports' + query({ month: month.control.value, site: site.control.value }));
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      showError(form, error);
      context.ready();
      return;
    }
    shownMonth = answer.month;
    const reports = answer.reports;
    caption.textContent = t('Visits in {month}, by site', { month: answer.month });
    thead.replaceChildren(h('tr', {},
      h('th', { scope: 'col' }, t('Figure')),
      reports.map((r) => h('th', { scope: 'col' },
        (r.site_name || r.site) + (r.partial ? ' *' : '')))));
    tbody.replaceChildren(...(reports.length === 0
      ? [h('tr', {}, h('td', { class: 'empty' }, t('Your account covers no site.')))]
      : figures().map(([label, value]) => h('tr', {},
        h('th', { scope: 'row' }, label),
        reports.map((r) => h('td', { class: 'number' }, String(value(r) || 0)))))));
    note.hidden = !reports.some((r) => r.partial);
    summary.textContent = t('Sites shown: {count}', { count: reports.length });
    downloadButton.disabled = reports.length === 0;
    context.ready();
  }

  downloadButton.addEventListener('click', async () => {
    clearErrors(form);
    let answer;
    try {
      answer = await apiText('reports' + query({ month: shownMonth, site: site.control.value, format: 'csv' }),
        'text/csv');
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      showError(form, error);
      return;
    }
    const blob = new Blob([answer.text], { type: 'text/csv' });
    const link = h('a', { href: URL.createObjectURL(blob), download: 'kinvisit-report-' + shownMonth + '.csv' });
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
      const { sites } = await api('GET', 'sites');
      for (const s of sites) {
        site.control.append(h('option', { value: s.id }, s.name + ' (' + s.id + ')'));
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
