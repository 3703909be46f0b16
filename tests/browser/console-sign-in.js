// SPDX-License-Identifier: GPL-3.0-or-later
// The console's files and signing in: the page's security headers, a
// wrong password shown next to the field, signing in, who is signed in
// after a reload (GET /api/v1/session), the CSRF token on changes, and
// signing out.

'use strict';

const h = require('./console-harness.js');

h.run(async (browser) => {
  await h.addStaff('ana', 'Ana Horvat', ['officer'], 'correct horse battery', []);

  // The files: headers, 404, GET/HEAD only.
  const index = await fetch(h.server + '/console/');
  const csp = index.headers.get('content-security-policy') || '';
  h.check(index.status === 200 && index.headers.get('content-type').startsWith('text/html'),
    '/console/ is the page');
  h.check(csp.includes("default-src 'self'") && csp.includes("frame-ancestors 'none'") &&
    !csp.includes('unsafe-inline'), 'a strict Content-Security-Policy');
  h.check(index.headers.get('x-content-type-options') === 'nosniff', 'nosniff');
  h.check(index.headers.get('referrer-policy') === 'no-referrer', 'no referrer');
  h.check(index.headers.get('cache-control') === 'no-cache' && index.headers.get('etag'),
    'revalidated with an ETag');
  const script = await fetch(h.server + '/console/js/app.js');
  h.check(script.headers.get('content-type').startsWith('text/javascript'),
    'modules are text/javascript');
  const again = await fetch(h.server + '/console/js/app.js',
    { headers: { 'If-None-Match': script.headers.get('etag') } });
  h.check(again.status === 304, 'an unchanged file is 304');
  h.check((await fetch(h.server + '/console/nothing.js')).status === 404, 'unknown files are 404');
  h.check((await fetch(h.server + '/console/js/../../api/v1/staff')).status !== 200,
    'no way out of the console');
  h.check((await fetch(h.server + '/console/', { method: 'POST' })).status === 401,
    'POST to the console needs credentials');
  h.check((await fetch(h.server + '/console/', {
    method: 'PUT', headers: { Authorization: 'Bearer ' + process.env.KV_ADMIN_TOKEN },
  })).status === 405, 'only GET and HEAD');

  const page = await h.signedInPage(browser, null);
  await page.getByRole('heading', { name: 'Sign in to the Kinvisit console' }).waitFor();
  await h.axeCheck(page, 'sign-in');

  // Nothing typed: the field says so.
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const usernameError = page.locator('#' + (await page.getByLabel('Username').getAttribute('id')) + '-error');
  h.check((await usernameError.textContent()).includes('Type your username'),
    'an empty username is shown next to its field');

  // A wrong password: next to the password field, the field marked invalid.
  await page.getByLabel('Username').fill('ana');
  await page.getByLabel('Password', { exact: true }).fill('wrong password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const password = page.getByLabel('Password', { exact: true });
  await page.locator('[aria-invalid="true"]').waitFor();
  h.check(await password.getAttribute('aria-invalid') === 'true', 'the password field is marked invalid');
  const passwordError = page.locator('#' + (await password.getAttribute('id')) + '-error');
  h.check((await passwordError.textContent()).includes('Wrong username or password'),
    'the refusal is shown next to the password field');
  h.check(await page.evaluate(() => document.activeElement.type === 'password'),
    'the keyboard is back at the password');
  await h.screenshot(page, 'sign-in-error');

  await h.signIn(page, 'ana', 'correct horse battery');
  h.check((await page.locator('#who').textContent()).includes('Ana Horvat'),
    'the console names who is signed in');
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'kinvisit_session');
  h.check(session && session.httpOnly && session.sameSite === 'Strict', 'the cookie is HttpOnly, SameSite=Strict');
  h.check(!(await page.evaluate(() => document.cookie.includes('kinvisit_session'))),
    'no script reads the session cookie');

  // A reload keeps the session: the page asks who is signed in.
  await page.reload();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  h.check(await page.getByRole('heading', { name: 'Today' }).isVisible(), 'a reload keeps the session');

  // A change without the CSRF token is refused, even with the cookie.
  const refused = await page.evaluate(async () => {
    const r = await fetch('/api/v1/sessions/b-000000000000/confirm', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"side":"prison"}',
    });
    return r.status;
  });
  h.check(refused === 403, 'a change without X-CSRF-Token is refused (' + refused + ')');

  // Keyboard only: sign out with Tab and Enter.
  await page.getByRole('button', { name: 'Sign out' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Sign in to the Kinvisit console' }).waitFor();
  const after = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  h.check(after === 401, 'signed out on the server too');

  // The menu names each language as its catalogue does (X-Language-Name).
  const names = await page.getByLabel('Language').locator('option').allTextContents();
  h.check(names[0] === 'English' && names.includes('Français') && names.includes('العربية'),
    'the language menu shows each language in itself (' + names.join(', ') + ')');
  await page.getByLabel('Language').selectOption('ar');
  await page.locator('html[lang="ar"]').waitFor({ state: 'attached' });
  h.check(await page.evaluate(() => document.documentElement.dir) === 'rtl',
    'an Arabic page reads from the right');

  // The language follows the menu, from the po/ catalogues (its label is
  // Arabic now).
  await page.locator('#language').selectOption('fr');
  await page.locator('h1', { hasText: 'Connexion à la console Kinvisit' }).waitFor();
  h.check(await page.evaluate(() => document.documentElement.lang) === 'fr', 'the page is in French now');
  h.check(await page.evaluate(() => document.documentElement.dir) === 'ltr', 'and reads from the left');
  h.check(await page.getByLabel('Mot de passe').count() === 1, 'its fields are labelled in French');
  // The choice is remembered; a text without a translation stays English.
  await page.reload();
  await page.locator('h1', { hasText: 'Connexion à la console Kinvisit' }).waitFor();
  h.check(true, 'the language is remembered across a reload');
  await h.axeCheck(page, 'sign-in in French');
});
