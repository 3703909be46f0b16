// SPDX-License-Identifier: GPL-3.0-or-later
// The console's texts: English in the code, translations from the same
// po/ catalogues as the kiosk (compiled into i18n/LANG.json by the server's
// build, with the catalogue's plural rule). A text missing from a
// catalogue stays English.

import { compilePluralRule } from './plural-forms.js';

const STORAGE_KEY = 'kinvisit-console-language';
const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
let messages = {};
let plurals = {};
let pluralIndex = (n) => (n === 1 ? 0 : 1);
let current = 'en';
let available = ['en'];
// From i18n/languages.json: each language's name in itself and direction,
// as the catalogue's X-Language-Name says (po/make-languages.py).
let shipped = { en: { name: 'English', direction: 'ltr' } };

function fill(text, values) {
  if (!values) {
    return text;
  }
  return text.replace(/\{(\w+)\}/g, (match, key) =>
    own(values, key) ? String(values[key]) : match);
}

// Looks up @text; {name} in it is replaced with values.name.
export function t(text, values) {
  return fill(own(messages, text) ? messages[text] : text, values);
}

// The form of @singular / @plural for the number @n, by the language's
// own plural rule (Polish and Croatian have three forms); {name} as in t().
export function tn(singular, plural, n, values) {
  if (own(plurals, singular)) {
    const forms = plurals[singular];
    const index = pluralIndex(n);
    return fill(forms[index < forms.length ? index : forms.length - 1], values);
  }
  return fill(n === 1 ? singular : plural, values);
}

export function currentLanguage() {
  return current;
}

export function availableLanguages() {
  return available;
}

// A language's name in that language ("Français"), for the menu: the
// catalogue's own, as on the kiosk's language button.
export function languageName(code) {
  return Object.prototype.hasOwnProperty.call(shipped, code) ? shipped[code].name : code;
}

// "rtl" for a language written from the right (Arabic), else "ltr".
export function languageDirection(code) {
  return Object.prototype.hasOwnProperty.call(shipped, code) ? shipped[code].direction : 'ltr';
}

function pick(languages) {
  let saved = null;
  try {
    saved = window.localStorage.getItem(STORAGE_KEY);
  } catch (e) {
    saved = null;
  }
  if (saved && languages.includes(saved)) {
    return saved;
  }
  for (const wanted of navigator.languages || [navigator.language || 'en']) {
    const base = wanted.toLowerCase().split('-')[0];
    if (languages.includes(base)) {
      return base;
    }
  }
  return 'en';
}

export async function setLanguage(code, remember) {
  let catalogue = {};
  if (code !== 'en') {
    const response = await fetch('i18n/' + encodeURIComponent(code) + '.json');
    if (response.ok) {
      catalogue = await response.json();
    }
  }
  messages = catalogue.messages || {};
  plurals = catalogue.plurals || {};
  pluralIndex = (n) => (n === 1 ? 0 : 1);
  if (catalogue.plural) {
    try {
      pluralIndex = compilePluralRule(catalogue.plural);
    } catch (e) {
      // A rule this parser cannot read: the plural texts stay English.
      console.warn('Plural rule of ' + code + ' not understood', e);
      plurals = {};
    }
  }
  current = code;
  document.documentElement.lang = code;
  // Arabic reads from the right: the browser mirrors the page's layout.
  document.documentElement.dir = languageDirection(code);
  if (remember) {
    try {
      window.localStorage.setItem(STORAGE_KEY, code);
    } catch (e) {
      // Private browsing: the choice lasts for this page only.
    }
  }
}

export async function initLanguage() {
  try {
    const response = await fetch('i18n/languages.json');
    if (response.ok) {
      const languages = await response.json();
      available = languages.map((language) => language.code);
      shipped = Object.fromEntries(languages.map((language) =>
        [language.code, { name: language.name, direction: language.direction }]));
    }
  } catch (e) {
    available = ['en'];
  }
  await setLanguage(pick(available), false);
}

// Times: the browser's own zone, always named (staff read the time their
// site keeps, and must see when it is not theirs), in the browser's own
// locale when it speaks the chosen language (en-GB writes 18:39, en-US
// 6:39 PM), else the chosen language's.
function formatLocale() {
  const full = navigator.language || current;
  return full.toLowerCase().split('-')[0] === current ? full : current;
}

export function formatTime(date) {
  return date.toLocaleTimeString(formatLocale(), {
    hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  });
}

export function formatDate(date) {
  return date.toLocaleDateString(formatLocale(), { weekday: 'short', day: 'numeric', month: 'short' });
}

export function formatDateTime(date) {
  return date.toLocaleString(formatLocale(), {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
    timeZoneName: 'short',
  });
}
