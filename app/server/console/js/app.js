// SPDX-License-Identifier: GPL-3.0-or-later
// The console's frame: language, who is signed in, the pages each role
// sees, and the hash router (#/today, #/calendar, ...). Each page is a
// module with render(main, context), which may return a function that
// stops what the page started (the Today page's event stream).

import { api, ApiError, setCsrfToken } from './api.js';
import { h, announce } from './dom.js';
import {
  t, initLanguage, setLanguage, currentLanguage, availableLanguages, languageName,
  languageDirection,
} from './i18n.js';
import * as signIn from './signin.js';
import * as today from './today.js';
import * as calendar from './calendar.js';
import * as bookings from './bookings.js';
import * as families from './families.js';
import * as kiosks from './kiosks.js';
import * as staff from './staff.js';
import * as templates from './templates.js';
import * as audit from './audit.js';
import * as reports from './reports.js';

const ALL = ['officer', 'coordinator', 'scheduler', 'admin'];

// Which roles see which page: what the API lets them read.
const PAGES = [
  { id: 'today', title: () => t('Today'), roles: ALL, module: today },
  { id: 'calendar', title: () => t('Calendar'), roles: ['scheduler', 'admin'], module: calendar },
  { id: 'bookings', title: () => t('Bookings'), roles: ['officer', 'coordinator', 'scheduler', 'admin'],
    module: bookings },
  { id: 'families', title: () => t('Families'), roles: ['coordinator', 'scheduler', 'admin'],
    module: families },
  { id: 'kiosks', title: () => t('Kiosks'), roles: ALL, module: kiosks },
  { id: 'templates', title: () => t('Templates and sites'), roles: ['scheduler', 'admin'],
    module: templates },
  { id: 'reports', title: () => t('Reports'), roles: ['coordinator', 'scheduler', 'admin'],
    module: reports },
  { id: 'staff', title: () => t('Staff accounts'), roles: ['admin'], module: staff },
  { id: 'audit', title: () => t('Audit'), roles: ['admin'], module: audit },
];

let account = null;
let stopPage = null;

function hasRole(role) {
  return account !== null && account.roles.includes(role);
}

function visiblePages() {
  return PAGES.filter((page) => page.roles.some(hasRole));
}

function roleName(role) {
  switch (role) {
    case 'officer': return t('officer');
    case 'coordinator': return t('coordinator');
    case 'scheduler': return t('scheduler');
    case 'admin': return t('admin');
    default: return role;
  }
}

function stopCurrentPage() {
  if (stopPage) {
    stopPage();
    stopPage = null;
  }
}

function renderChrome() {
  document.getElementById('skip-link').textContent = t('Skip to the page');
  document.getElementById('language-label').textContent = t('Language');
  const select = document.getElementById('language');
  select.replaceChildren(...availableLanguages().map((code) =>
    h('option', {
      value: code, selected: code === currentLanguage(), lang: code, dir: languageDirection(code),
    }, languageName(code))));

  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  const signOut = document.getElementById('sign-out');
  signOut.textContent = t('Sign out');
  if (account === null) {
    nav.hidden = true;
    nav.replaceChildren();
    who.textContent = '';
    signOut.hidden = true;
    return;
  }
  nav.setAttribute('aria-label', t('Console pages'));
  const current = currentPageId();
  nav.replaceChildren(h('ul', {}, visiblePages().map((page) =>
    h('li', {}, h('a', {
      href: '#/' + page.id,
      'aria-current': page.id === current ? 'page' : undefined,
    }, page.title())))));
  nav.hidden = false;
  who.textContent = t('{name} ({roles})', {
    name: account.name || account.id,
    roles: account.roles.map(roleName).join(', '),
  });
  signOut.hidden = false;
}

function currentPageId() {
  const match = /^#\/([a-z]+)/.exec(window.location.hash);
  const pages = visiblePages();
  if (match && pages.some((page) => page.id === match[1])) {
    return match[1];
  }
  return pages.length ? pages[0].id : null;
}

// main is aria-busy until the page has its first data (tests wait for it).
function context() {
  const main = document.getElementById('main');
  return {
    account,
    hasRole,
    signedOut: showSignIn,
    ready: () => main.setAttribute('aria-busy', 'false'),
  };
}

function renderPage(focus) {
  stopCurrentPage();
  const main = document.getElementById('main');
  main.replaceChildren();
  main.setAttribute('aria-busy', 'true');
  if (account === null) {
    stopPage = signIn.render(main, { signedIn }) || null;
    main.setAttribute('aria-busy', 'false');
    document.title = t('Sign in') + ' – Kinvisit';
    return;
  }
  const id = currentPageId();
  renderChrome();
  const page = PAGES.find((p) => p.id === id);
  if (!page) {
    main.append(h('p', {}, t('This account has no role that uses the console.')));
    return;
  }
  document.title = page.title() + ' – Kinvisit';
  stopPage = page.module.render(main, context()) || null;
  if (focus) {
    const heading = document.getElementById('page-heading');
    if (heading) {
      heading.focus();
    }
  }
}

function signedIn(answer) {
  account = answer.account;
  setCsrfToken(answer.csrf_token);
  renderChrome();
  renderPage(true);
}

function showSignIn() {
  account = null;
  setCsrfToken(null);
  renderChrome();
  renderPage(false);
}

async function onSignOut() {
  try {
    await api('DELETE', 'session');
  } catch (e) {
    // Signed out already, or the server is away: the page forgets anyway.
  }
  showSignIn();
  announce(t('You are signed out.'));
}

async function start() {
  await initLanguage();
  document.body.append(h('div', {
    id: 'announcer', class: 'visually-hidden', 'aria-live': 'polite', role: 'status',
  }));
  document.getElementById('language').addEventListener('change', async (event) => {
    await setLanguage(event.target.value, true);
    renderChrome();
    renderPage(false);
    document.getElementById('language').focus();
  });
  document.getElementById('sign-out').addEventListener('click', onSignOut);
  window.addEventListener('hashchange', () => {
    if (account !== null) {
      renderChrome();
      renderPage(true);
    }
  });
  try {
    signedIn(await api('GET', 'session'));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) {
      console.warn('Could not read the session', e);
    }
    showSignIn();
  }
}

start();
