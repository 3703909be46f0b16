// SPDX-License-Identifier: GPL-3.0-or-later
// Reports: a scheduler opens Reports, picks the month of a known booking
// with the keyboard, reads its figures in the table and downloads the
// month's CSV from the server.

'use strict';

const h = require('./console-harness.js');

h.run(async (browser) => {
  await h.addSiteAndKiosks();
  await h.admin('POST', 'bookings', {
    prison: 'prison-1', community: 'community-1', start: '2026-12-01T08:05:00Z', minutes: 30,
    prison_label: 'Mum', community_label: 'Sam',
  });
  await h.addStaff('sched', 'Sid Scheduler', ['scheduler'], 'scheduler password 1');
  const page = await h.signedInPage(browser, 'sched', 'scheduler password 1');
  await page.locator('#nav a', { hasText: 'Reports' }).click();
  await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
  await page.locator('main[aria-busy="false"]').waitFor();

  // The month by keyboard: its field, then Enter to show.
  const month = page.getByLabel('Month', { exact: true });
  await month.fill('2026-12');
  await month.press('Enter');
  await page.locator('#reports caption', { hasText: '2026-12' }).waitFor({ timeout: 5000 });
  await h.axeCheck(page, 'Reports with figures');
  await h.screenshot(page, 'reports');

  const column = await page.locator('#reports thead th').allTextContents();
  h.check(JSON.stringify(column) === JSON.stringify(['Figure', 'Town']),
    'the table has a column for the scheduler\'s site (' + column.join(', ') + ')');
  async function figure(label) {
    const row = page.locator('#reports tbody tr', { has: page.locator('th', { hasText: label }) });
    return (await row.locator('td').allTextContents()).join(' ');
  }
  h.check(await figure('Visits booked') === '1', 'the month\'s booking is counted');
  h.check(await figure('Held') === '0', 'it has not been held yet');
  h.check(await figure('Minutes booked') === '30', 'its minutes are booked');
  h.check(await figure('Minutes lost to faults') === '0', 'no minutes were lost');
  h.check(await page.locator('#reports th[scope="row"]').count() >= 10, 'each figure is a row header');

  // Another month has nothing.
  await month.fill('2026-11');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.locator('#reports caption', { hasText: '2026-11' }).waitFor({ timeout: 5000 });
  h.check(await figure('Visits booked') === '0', 'November has no visits');
  await month.fill('2026-12');
  await month.press('Enter');
  await page.locator('#reports caption', { hasText: '2026-12' }).waitFor({ timeout: 5000 });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  h.check(download.suggestedFilename() === 'kinvisit-report-2026-12.csv',
    'the CSV is named after the month (' + download.suggestedFilename() + ')');
  const chunks = [];
  for await (const chunk of await download.createReadStream()) {
    chunks.push(chunk);
  }
  const lines = Buffer.concat(chunks).toString('utf8').split('\r\n');
  h.check(lines[0].startsWith('"month","site","time_zone","booked","held"'), 'the CSV has its header row');
  h.check(lines[1].startsWith('"2026-12","town","UTC","1","0"'), 'and the site\'s figures (' + lines[1] + ')');
  await page.context().close();
});
