// SPDX-License-Identifier: GPL-3.0-or-later
// The Kiosks page: an admin adds a kiosk and sees its one-time enrolment
// token; a kiosk that never signed in was seen "Never", one signed in is
// "Online now" with the software its hello named, and after it leaves the
// page shows when, in its site's time with the zone, and still what it
// ran.

'use strict';

const h = require('./console-harness.js');

function cell(page, kiosk, column) {
  return page.locator('tr[data-kiosk="' + kiosk + '"] td.' + column);
}

h.run(async (browser) => {
  await h.addSiteAndKiosks();
  await h.addStaff('boss', 'Bo Admin', ['admin'], 'admin password 1');
  const page = await h.signedInPage(browser, 'boss', 'admin password 1');
  await page.locator('#nav a', { hasText: 'Kiosks' }).click();
  await page.locator('main[aria-busy="false"]').waitFor();

  const headers = await page.locator('#kiosks thead th').allTextContents();
  h.check(headers.includes('Last seen') && headers.includes('Software'),
    'the table has Last seen and Software columns (' + headers.join(', ') + ')');
  h.check(await page.locator('#kiosks thead th[scope="col"]').count() === headers.length,
    'every column header has its scope');

  await cell(page, 'prison-1', 'last-seen').waitFor();
  h.check(await cell(page, 'prison-1', 'last-seen').textContent() === 'Never',
    'a kiosk that never signed in was seen "Never"');
  h.check(await cell(page, 'prison-1', 'software').textContent() === 'Unknown',
    'its software is unknown');

  // The one-time enrolment token is still shown once, on adding.
  await page.getByLabel('Kiosk id').fill('prison-2');
  await page.getByLabel('Label', { exact: true }).fill('Visit room 2');
  await page.getByLabel('Site', { exact: true }).selectOption('town');
  await page.getByRole('button', { name: 'Add kiosk' }).click();
  const token = await page.locator('#enrolment-token').textContent({ timeout: 5000 });
  h.check(/^[A-Za-z0-9_-]{43}$/.test(token), 'adding a kiosk shows its enrolment token once');
  await page.locator('tr[data-kiosk="prison-2"]').waitFor();

  await h.command('kiosk-sign-in prison-1');
  await page.reload();
  await page.locator('main[aria-busy="false"]').waitFor();
  await cell(page, 'prison-1', 'last-seen').waitFor();
  h.check(await cell(page, 'prison-1', 'last-seen').textContent() === 'Online now',
    'a signed-in kiosk is "Online now"');
  h.check(await cell(page, 'prison-1', 'software').textContent() === 'kinvisit-test',
    'the page shows the software the kiosk named');

  // The harness's clock is at 08:00 UTC; the kiosk leaves at 08:05
  // (well inside the staff session's idle time).
  await h.command('advance 300');
  await h.command('kiosk-close prison-1');
  await page.reload();
  await page.locator('main[aria-busy="false"]').waitFor();
  await cell(page, 'prison-1', 'last-seen').waitFor();
  const seen = await cell(page, 'prison-1', 'last-seen').textContent();
  h.check(/ 08:05 UTC$/.test(seen), 'a kiosk that left shows when, with the zone (' + seen + ')');
  h.check(await cell(page, 'prison-1', 'last-seen').locator('time[datetime]').count() === 1,
    'the time is a time element with its instant');
  h.check(await cell(page, 'prison-1', 'software').textContent() === 'kinvisit-test',
    'what it ran stays after it left');
  await h.axeCheck(page, 'Kiosks with last seen and software');
  await h.screenshot(page, 'kiosks-last-seen');
  await page.context().close();
});
