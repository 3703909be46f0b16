// SPDX-License-Identifier: GPL-3.0-or-later
// Templates and sites (admins; schedulers read them): the weekly visit
// times of each kiosk pair and the share of them held back for families
// in their first week; each site's opening hours, closed days, age rules
// and school hours (site-rules.js), in the site's local time. The other
// site rules (shortest and longest visit, notice, horizon) are the
// server's configuration.

import { api } from './api.js';
import {
  h, field, formError, clearErrors, showError, pageHeading, scrollingTable, announce,
} from './dom.js';
import { t } from './i18n.js';
import { WEEKDAYS, weekdayName, hoursForm, hoursText, siteRulesPart } from './site-rules.js';

function inline(f) {
  f.wrapper.classList.add('inline');
  return f.wrapper;
}

export function render(main, context) {
  const isAdmin = context.hasRole('admin');
  const tbody = h('tbody');
  const table = h('table', { id: 'templates' },
    h('caption', {}, t('Slot templates')),
    h('thead', {}, h('tr', {},
      [t('Template'), t('Prison kiosk'), t('Community kiosk'), t('Weekday'), t('Start'), t('Minutes'),
        t('Every'), t('From'), t('Until'), t('First week'), t('State'), isAdmin ? t('Actions') : null]
        .filter(Boolean).map((text) => h('th', { scope: 'col' }, text)))),
    tbody);
  const sitesHolder = h('div', { id: 'sites' });
  main.append(pageHeading(t('Templates and sites')),
    h('h2', {}, t('Slot templates')), scrollingTable(table, t('Slot templates')));

  let kiosks = [];

  async function setActive(template, active) {
    try {
      await api('PATCH', 'templates/' + encodeURIComponent(template.id), { active });
      announce(active ? t('Template {id} is on.', { id: template.id })
        : t('Template {id} is off.', { id: template.id }));
      loadTemplates();
    } catch (error) {
      announce(error.message);
    }
  }

  async function loadTemplates() {
    const { templates } = await api('GET', 'templates');
    tbody.replaceChildren(...(templates.length === 0
      ? [h('tr', {}, h('td', { colspan: isAdmin ? '12' : '11', class: 'empty' }, t('No templates yet.')))]
      : templates.map((tp) => h('tr', { 'data-template': tp.id },
        h('th', { scope: 'row' }, tp.id),
        h('td', {}, tp.prison),
        h('td', {}, tp.community),
        h('td', {}, weekdayName(tp.weekday)),
        h('td', {}, tp.start),
        h('td', {}, String(tp.minutes)),
        h('td', {}, t('{weeks} wk', { weeks: tp.every_weeks })),
        h('td', {}, tp.valid_from || ''),
        h('td', {}, tp.valid_to || '—'),
        h('td', {}, tp.first_week_share ? t('{percent} % held back', { percent: tp.first_week_share }) : '—'),
        h('td', {}, tp.active ? t('On') : t('Off')),
        isAdmin ? h('td', {}, h('button', {
          type: 'button', class: 'small secondary',
          'aria-label': (tp.active ? t('Turn off {id}', { id: tp.id }) : t('Turn on {id}', { id: tp.id })),
          onclick: () => setActive(tp, !tp.active),
        }, tp.active ? t('Turn off') : t('Turn on'))) : null))));
  }

  function templateForm() {
    const options = (role) => kiosks.filter((k) => k.role === role && !k.revoked)
      .map((k) => [k.id, k.label + ' (' + k.id + ')']);
    const prison = field({ name: 'prison', label: t('Prison kiosk'), type: 'select', options: options('prison') });
    const community = field({ name: 'community', label: t('Community kiosk'), type: 'select', options: options('community') });
    const weekday = field({ name: 'weekday', label: t('Weekday'), type: 'select', options: WEEKDAYS() });
    const start = field({ name: 'start', label: t('Start (prison\'s local time)'), type: 'time', required: true });
    const minutes = field({ name: 'minutes', label: t('Minutes'), type: 'number', min: 1, max: 240, value: '30', required: true });
    const every = field({ name: 'every_weeks', label: t('Every how many weeks'), type: 'number', min: 1, max: 52, value: '1' });
    const from = field({ name: 'valid_from', label: t('From'), type: 'date' });
    const until = field({ name: 'valid_to', label: t('Until'), type: 'date', hint: t('Empty: no end') });
    const share = field({
      name: 'first_week_share', label: t('Held back for first-week families (%)'), type: 'number',
      min: 0, max: 100, value: '0',
      hint: t('Kept for families in their first week until 48 hours before the visit'),
    });
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'add-template-title' },
      h('h2', { id: 'add-template-title' }, t('Add a template')), formError(),
      h('div', { class: 'filters' }, [prison, community, weekday, start, minutes, every, from, until, share].map(inline)),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('Add template'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const body = {
        prison: prison.control.value,
        community: community.control.value,
        weekday: weekday.control.value,
        start: start.control.value,
        minutes: Number(minutes.control.value),
        every_weeks: Number(every.control.value || 1),
        first_week_share: Number(share.control.value || 0),
      };
      if (from.control.value) {
        body.valid_from = from.control.value;
      }
      if (until.control.value) {
        body.valid_to = until.control.value;
      }
      try {
        const added = await api('POST', 'templates', body);
        announce(t('Template {id} added.', { id: added.id }));
        loadTemplates();
      } catch (error) {
        showError(form, error);
      }
    });
    return form;
  }

  function siteSection(site) {
    const headingId = 'site-' + site.id;
    const section = h('section', { class: 'card', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, t('{site} ({zone})', { site: site.name, zone: site.time_zone })));
    const hours = site.hours.length === 0
      ? t('Open all day, every day')
      : hoursText(site.hours);
    section.append(h('p', {}, h('strong', {}, t('Opening hours:')), ' ', hours));
    section.append(h('p', {}, h('strong', {}, t('Closed days:')), ' ',
      site.closed_days.length === 0 ? t('None')
        : site.closed_days.map((d) => d.day + (d.reason ? ' (' + d.reason + ')' : '')).join(', ')));
    if (!isAdmin) {
      section.append(...siteRulesPart(site, false, loadSites));
      return section;
    }
    // One opening per weekday; both empty: closed that day.
    const openingForm = hoursForm({
      site,
      member: 'hours',
      path: 'hours',
      formLabel: t('Opening hours of {site}', { site: site.name }),
      heading: t('Set the opening hours'),
      hint: t('Leave a day empty to close it. With no hours at all the site is open all day.'),
      opensLabel: (day) => t('{day} opens', { day }),
      closesLabel: (day) => t('{day} closes', { day }),
      saveText: t('Save opening hours'),
      savedText: t('Opening hours of {site} saved.', { site: site.name }),
      onSaved: loadSites,
    });
    const day = field({ name: 'day', label: t('Closed day'), type: 'date', required: true });
    const reason = field({ name: 'reason', label: t('Why'), maxlength: 100 });
    const closedForm = h('form', { novalidate: true, class: 'filters', 'aria-label': t('Closed days of {site}', { site: site.name }) },
      formError(), inline(day), inline(reason),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('Add closed day'))));
    closedForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(closedForm);
      try {
        await api('POST', 'sites/' + encodeURIComponent(site.id) + '/closed-days',
          { day: day.control.value, reason: reason.control.value });
        announce(t('{site} is closed on {day}.', { site: site.name, day: day.control.value }));
        loadSites();
      } catch (error) {
        showError(closedForm, error);
      }
    });
    section.append(openingForm, h('h3', {}, t('Add a closed day')), closedForm,
      ...siteRulesPart(site, true, loadSites));
    return section;
  }

  async function loadSites() {
    const { sites } = await api('GET', 'sites');
    sitesHolder.replaceChildren(...sites.map(siteSection));
  }

  (async () => {
    try {
      ({ kiosks } = await api('GET', 'kiosks'));
      await loadTemplates();
      if (isAdmin) {
        main.append(templateForm());
      }
      main.append(h('h2', {}, t('Sites')), sitesHolder);
      await loadSites();
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      main.append(h('p', { class: 'form-error', role: 'alert' }, error.message));
    }
    context.ready();
  })();
}
