// SPDX-License-Identifier: GPL-3.0-or-later
// The console's texts: English in the code, translations from the same
// po/ catalogues as the kiosk (compiled into i18n/LANG.json by the server's
// build). A text missing from a catalogue stays English.

const STORAGE_KEY = 'kinvisit-console-language';
let catalogue = {};
let current = 'en';
let available = ['en'];

// Looks up @text; {name} in it is replaced with values.name.
export function t(text, values) {
  let result = Object.prototype.hasOwnProperty.call(catalogue, text) ? catalogue[text] : text;
  if (values) {
    result = result.replace(/\{(\w+)\}/g, (match, key) =>
      Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match);
  }
  return result;
}

export function currentLanguage() {
  return current;
}

export function availableLanguages() {
  return available;
}

// A language's name in that language ("Français"), for the menu.
export function languageName(code) {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code);
    return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
  } catch (e) {
    return code;
  }
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
  let messages = {};
  if (code !== 'en') {
    const response = await fetch('i18n/' + encodeURIComponent(code) + '.json');
    if (response.ok) {
      messages = await response.json();
    }
  }
  catalogue = messages;
  current = code;
  document.documentElement.lang = code;
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
      available = await response.json();
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
