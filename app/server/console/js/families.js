// SPDX-License-Identifier: GPL-3.0-or-later
// Families (coordinators, schedulers, admins): each family of the
// account's sites, the parent and children by the labels the kiosks show,
// their site, admission day and where their contact stands, with a search
// box. Schedulers add a family and see the visit the server proposes.
// #/families/ID opens one family (family-detail.js).

import { api, query } from './api.js';
import { h, field, pageHeading, scrollingTable, formError, showError } from './dom.js';
import { t } from './i18n.js';
import { addFamily, showProposal } from './family-dialogs.js';
import { childrenText, contactBadge, familyName, siteDateTime, siteDay } from './family-text.js';
import * as detail from './family-detail.js';

// "#/families/f-1a2b" -> "f-1a2b"
function familyIdOfHash() {
  const match = /^#\/families\/([^/?#]+)/.exec(window.location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

function matches(family, words) {
  const text = [family.id, family.parent_label, ...family.children.map((c) => c.label)]
    .join(' ').toLocaleLowerCase();
  return words.every((word) => text.includes(word));
}

function nextText(contact) {
  return contact.next_booked ? siteDateTime(contact.next_booked.start) : '—';
}

export function render(main, context) {
  const familyId = familyIdOfHash();
  if (familyId !== null) {
    return detail.render(main, context, familyId);
  }
  const canAdd = context.hasRole('scheduler');
  const search = field({
    name: 'search', label: t('Search families'), type: 'search',
    hint: t('A label of the parent or a child, or the family\'s id'),
  });
  const archived = h('input', { type: 'checkbox', id: 'show-archived', name: 'archived' });
  const addButton = canAdd ? h('button', { type: 'button', id: 'add-family' }, t('Add a family…')) : null;
  const form = h('form', { class: 'filters', novalidate: true, role: 'search' }, formError(),
    search.wrapper,
    h('div', { class: 'check' }, archived, h('label', { for: 'show-archived' }, t('Show archived families'))),
    addButton ? h('div', { class: 'actions' }, addButton) : null);
  search.wrapper.classList.add('inline');
  const summary = h('p', { class: 'status-line', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const table = h('table', { id: 'families' },
    h('caption', {}, t('Families')),
    h('thead', {}, h('tr', {},
      [t('Family'), t('Children'), t('Site'), t('Prison kiosks'), t('Admitted'), t('Contact'),
        t('Next visit')].map((text) => h('th', { scope: 'col' }, text)))),
    tbody);
  main.append(pageHeading(t('Families')), form, summary, scrollingTable(table, t('Families')));

  let families = [];
  let kiosks = [];
  let sites = [];

  function siteName(id) {
    const site = sites.find((s) => s.id === id);
    return site ? site.name : id;
  }

  function draw() {
    const words = search.control.value.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const shown = families.filter((f) => matches(f, words));
    summary.textContent = t('Families shown: {count} of {total}', { count: shown.length, total: families.length });
    tbody.replaceChildren(...(shown.length === 0
      ? [h('tr', {}, h('td', { colspan: '7', class: 'empty' },
        families.length === 0 ? t('No families yet.') : t('No family matches.')))]
      : shown.map((f) => h('tr', { 'data-family': f.id },
        h('th', { scope: 'row' },
          h('a', { href: '#/families/' + encodeURIComponent(f.id) }, familyName(f)),
          h('br'), h('span', { class: 'hint' }, f.id)),
        h('td', {}, childrenText(f)),
        h('td', {}, siteName(f.community_site)),
        h('td', {}, f.prison_kiosks.join(', ')),
        h('td', {}, siteDay(f.admitted_on)),
        h('td', {}, f.archived ? h('span', { class: 'badge idle' }, t('Archived')) : contactBadge(f.contact)),
        h('td', {}, f.archived ? '' : nextText(f.contact))))));
  }

  async function load() {
    try {
      ({ families } = await api('GET', 'families' + query({ archived: archived.checked ? '1' : '' })));
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      showError(form, error);
    }
    draw();
    context.ready();
  }

  search.control.addEventListener('input', draw);
  form.addEventListener('submit', (event) => event.preventDefault());
  archived.addEventListener('change', load);
  if (addButton) {
    addButton.addEventListener('click', async () => {
      const answer = await addFamily(kiosks, sites);
      if (!answer) {
        return;
      }
      await load();
      await showProposal(answer.family, answer.proposal, context,
        t('{family} is added', { family: familyName(answer.family) }));
      load();
    });
  }

  (async () => {
    try {
      [{ kiosks }, { sites }] = await Promise.all([api('GET', 'kiosks'), api('GET', 'sites')]);
    } catch (error) {
      if (error.status === 401) {
        context.signedOut();
        return;
      }
      showError(form, error);
    }
    load();
  })();
}
