// SPDX-License-Identifier: GPL-3.0-or-later
// Reports (schedulers, admins): a month's figures for each site the
// account covers (GET /api/v1/reports?month=&site=), one column a site,
// then the families' figures of each community site (GET
// /api/v1/reports/families: first contact within 7 days, days between
// visits by age band, visits within the age rules; coordinators, who
// follow the families, see these only), and each as CSV from
// the server (format=csv), saved through a Blob URL: the session cookie
// is HttpOnly, so a plain link could not carry the request the way fetch
// does.

import { apiText, api, query } from './api.js';
import { h, field, formError, clearErrors, showError, pageHeading, scrollingTable } from './dom.js';
import { t, tn, currentLanguage } from './i18n.js';
import { BANDS, bandName } from './family-text.js';

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

function percent(share) {
  if (share === null || share === undefined) {
    return '—';
  }
  return new Intl.NumberFormat(currentLanguage(), { style: 'percent', maximumFractionDigits: 0 })
    .format(share);
}

function countAndShare(count, share) {
  return t('{count} ({share})', { count, share: percent(share) });
}

// The families report's lines, as the figures above.
function familyFigures() {
  const median = (band) => (r) => {
    const value = r.median_days_between[band];
    const gaps = r.intervals[band] || 0;
    if (value === null || value === undefined) {
      return '—';
    }
    return tn('{days} ({count} gap)', '{days} ({count} gaps)', gaps, {
      days: value.toLocaleString(currentLanguage(), { maximumFractionDigits: 1 }), count: gaps,
    });
  };
  return [
    [t('New families'), (r) => String(r.new_families)],
    [t('Contact within 7 days of admission'), (r) => countAndShare(r.first_week_contact, r.first_week_share)],
    ...BANDS.map((band) => [t('Median days between visits held, {band}', { band: bandName(band) }),
      median(band)]),
    [t('Visits'), (r) => String(r.visits)],
    [t('Visits within the age rules'), (r) => countAndShare(r.visits_within_rules, r.within_rules_share)],
  ];
}

// Saves @text as @name through a Blob URL.
function save(text, name) {
  const blob = new Blob([text], { type: 'text/csv' });
  const link = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

function thisMonth() {
  const now = new Date();
  return now.getFullYear() + '-' + String(now.getMonth() + 1).padStart(2, '0');
}

export function render(main, context) {
  const visitFigures = context.hasRole('scheduler') || context.hasRole('admin');
  const month = field({ name: 'month', label: t('Month'), type: 'month', value: thisMonth(), required: true,
    hint: t('Each site\'s month in its own local time.') });
  const site = field({ name: 'site', label: t('Site'), type: 'select', options: [['', t('All my sites')]] });
  const downloadButton = h('button', { type: 'button', class: 'secondary', disabled: true }, t('Download CSV'));
  const form = h('form', { class: 'filters', novalidate: true }, formError(),
    [month, site].map((f) => { f.wrapper.classList.add('inline'); return f.wrapper; }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('Show')),
      visitFigures ? downloadButton : null));
  const summary = h('p', { class: 'status-line', 'aria-live': 'polite' });
  const note = h('p', { class: 'hint', hidden: true },
    t('* Part of this month was removed by retention: only its totals are kept, so why staff ' +
      'ended those visits early and which side missed a visit are not known.'));
  const caption = h('caption', {});
  const thead = h('thead', {});
  const tbody = h('tbody', {});
  const table = h('table', { id: 'reports' }, caption, thead, tbody);
  const familiesDownload = h('button', { type: 'button', class: 'secondary', disabled: true },
    t('Download families CSV'));
  const familiesCaption = h('caption', {});
  const familiesHead = h('thead', {});
  const familiesBody = h('tbody', {});
  const familiesTable = h('table', { id: 'families-report' }, familiesCaption, familiesHead, familiesBody);
  const familiesProblem = h('p', { class: 'form-error', role: 'alert', hidden: true });
  main.append(pageHeading(t('Reports')), form);
  if (visitFigures) {
    main.append(summary, scrollingTable(table, t('Monthly figures')), note);
  }
  main.append(h('h2', {}, t('Families')),
    h('p', { class: 'hint' }, t('For each community site: how many new families had a visit within 7 days ' +
      'of admission, the days between the visits held, and how many visits kept the age rules.')),
    familiesProblem, scrollingTable(familiesTable, t('Figures for families')),
    h('div', { class: 'actions' }, familiesDownload));
  let shownMonth = null;
  const siteNames = {};

  async function loadFamilies(month) {
    familiesDownload.disabled = true;
    familiesProblem.hidden = true;
    let answer;
    try {
      answer = await api('GET', 'reports/families' + query({ month, site: site.control.value }));
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      familiesProblem.textContent = error.message;
      familiesProblem.hidden = false;
      familiesHead.replaceChildren();
      familiesBody.replaceChildren();
      return;
    }
    const reports = answer.reports;
    familiesCaption.textContent = t('Families in {month}, by community site', { month });
    familiesHead.replaceChildren(h('tr', {},
      h('th', { scope: 'col' }, t('Figure')),
      reports.map((r) => h('th', { scope: 'col' }, r.site_name || siteNames[r.site] || r.site))));
    familiesBody.replaceChildren(...(reports.length === 0
      ? [h('tr', {}, h('td', { class: 'empty' }, t('Your account covers no site.')))]
      : familyFigures().map(([label, value]) => h('tr', {},
        h('th', { scope: 'row' }, label),
        reports.map((r) => h('td', { class: 'number' }, value(r)))))));
    familiesDownload.disabled = reports.length === 0;
  }

  async function load() {
    clearErrors(form);
    downloadButton.disabled = true;
    if (!/^\d{4}-\d{2}$/.test(month.control.value)) {
      showError(form, { field: 'month', message: t('Choose a month.') });
      context.ready();
      return;
    }
    if (!visitFigures) {
      shownMonth = month.control.value;
      await loadFamilies(shownMonth);
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
    await loadFamilies(answer.month);
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
    save(answer.text, 'kinvisit-report-' + shownMonth + '.csv');
  });

  familiesDownload.addEventListener('click', async () => {
    familiesProblem.hidden = true;
    let answer;
    try {
      answer = await apiText('reports/families' + query({
        month: shownMonth, site: site.control.value, format: 'csv',
      }), 'text/csv');
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      familiesProblem.textContent = error.message;
      familiesProblem.hidden = false;
      return;
    }
    save(answer.text, 'kinvisit-families-' + shownMonth + '.csv');
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });

  (async () => {
    try {
      const { sites } = await api('GET', 'sites');
      for (const s of sites) {
        siteNames[s.id] = s.name;
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
