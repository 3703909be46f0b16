// SPDX-License-Identifier: GPL-3.0-or-later
// The demo's view from the staff console: signs in to the console in
// Debian's headless chromium (playwright-core from tests/browser, never a
// downloaded browser) as the demo's staff account, waits on Today until the
// board shows the demo's visit live (the page follows the server-sent
// events: no reload), saves console-today.png, then opens the Calendar of
// the kiosk pair and saves console-calendar.png.
//
// Run by app/demo/kinvisit-demo once the visit is live. Everything comes
// from the environment:
//   KV_CONSOLE_URL       http://127.0.0.1:PORT/console/
//   KV_CONSOLE_USER      the staff account's username
//   KV_CONSOLE_PASSWORD  its password
//   KV_PRISON_KIOSK      the prison kiosk's id (its row on Today)
//   KV_TIME_ZONE         the site's IANA zone, also the browser's
//   KV_OUTPUT            the folder the pictures go to
//   KV_CHROMIUM          the browser (default /usr/bin/chromium)
//   KV_TIMEOUT_SECONDS   how long the whole run may take (default 60)
// Exits 0 with both pictures saved, 1 otherwise (a line on stderr says why).

'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const top = path.resolve(__dirname, '..', '..');
const consoleUrl = process.env.KV_CONSOLE_URL;
const user = process.env.KV_CONSOLE_USER;
const password = process.env.KV_CONSOLE_PASSWORD;
const prisonKiosk = process.env.KV_PRISON_KIOSK;
const timeZone = process.env.KV_TIME_ZONE || 'UTC';
const output = process.env.KV_OUTPUT || '.';
const executablePath = process.env.KV_CHROMIUM || '/usr/bin/chromium';
const timeoutMs = (Number(process.env.KV_TIMEOUT_SECONDS) || 60) * 1000;

function say(text) {
  process.stdout.write('console-screenshots: ' + text + '\n');
}

function fail(text) {
  process.stderr.write('console-screenshots: ' + text + '\n');
  process.exit(1);
}

if (!consoleUrl || !user || !password || !prisonKiosk) {
  fail('needs KV_CONSOLE_URL, KV_CONSOLE_USER, KV_CONSOLE_PASSWORD and KV_PRISON_KIOSK');
}

// playwright-core as the project's tests install it (npm ci in tests/browser).
let chromium;
try {
  const requireFromTests = createRequire(path.join(top, 'tests', 'browser', 'package.json'));
  ({ chromium } = requireFromTests('playwright-core'));
} catch (error) {
  fail('playwright-core is not installed: run npm ci in tests/browser (' + error.code + ')');
}

// The same switches as the browser tests (tests/browser/console-harness.js).
const args = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function main() {
  const browser = await chromium.launch({ executablePath, headless: true, args });
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-GB',
      timezoneId: timeZone,
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => say('page error: ' + error.message));
    await page.goto(consoleUrl);

    await page.getByLabel('Username').fill(user);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    say('signed in as ' + user);

    // Today is the first page. The visit went live before this script
    // started, but the board may still be on its way: wait for the row.
    const row = page.locator('tr[data-kiosk="' + prisonKiosk + '"]');
    await row.waitFor();
    await page.evaluate(() => { window.kvNotReloaded = true; });
    await row.locator('.visit-state', { hasText: 'Live' }).waitFor({ timeout: 30000 });
    // The minutes left and the live region settle within a frame.
    await page.waitForTimeout(500);
    const today = path.join(output, 'console-today.png');
    await page.screenshot({ path: today, fullPage: true });
    if (!(await page.evaluate(() => window.kvNotReloaded === true))) {
      throw new Error('the Today page reloaded');
    }
    say('Today shows the visit live: ' + today);

    await page.locator('#nav a', { hasText: 'Calendar' }).click();
    await page.locator('main[aria-busy="false"]').waitFor();
    // One kiosk of each side: the Calendar chooses the pair by itself.
    await page.locator('#week .day').first().waitFor();
    await page.locator('#week .slot.booked').first().waitFor({ timeout: 10000 });
    const calendar = path.join(output, 'console-calendar.png');
    await page.screenshot({ path: calendar, fullPage: true });
    say('the Calendar shows the pair\'s week with the visit booked: ' + calendar);
  } finally {
    await browser.close();
  }
}

const guard = setTimeout(() => fail('gave up after ' + timeoutMs / 1000 + ' s'), timeoutMs);
fs.mkdirSync(output, { recursive: true });
main().then(() => {
  clearTimeout(guard);
}, (error) => {
  fail(error.message.split('\n')[0]);
});
