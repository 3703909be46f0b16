// SPDX-License-Identifier: GPL-3.0-or-later
// Today, live: two raw WebSocket kiosks (the harness's) sign in, the join
// window opens, both are present, officer and coordinator confirm from
// the console, the visit goes live and the officer ends it with a reason;
// the board follows every step without a reload, and the audit log names
// the officer.

'use strict';

const h = require('./console-harness.js');

function row(page, kiosk) {
  return page.locator('tr[data-kiosk="' + kiosk + '"]');
}

async function waitState(page, kiosk, text) {
  await row(page, kiosk).locator('.visit-state', { hasText: text }).waitFor({ timeout: 5000 });
}

h.run(async (browser) => {
  await h.addSiteAndKiosks();
  await h.addStaff('olga', 'Olga Novak', ['officer'], 'officer password 1');
  await h.addStaff('cora', 'Cora Lind', ['coordinator'], 'coordinator password 1');
  // The server's clock says 08:00; the visit is at 08:20 (join window 08:10).
  const booking = await h.admin('POST', 'bookings', {
    prison: 'prison-1', community: 'community-1', start: '2026-12-01T08:20:00Z', minutes: 30,
    prison_label: 'Dad', community_label: 'Lena', age_band: '4-7',
  });

  const officer = await h.signedInPage(browser, 'olga', 'officer password 1');
  const coordinator = await h.signedInPage(browser, 'cora', 'coordinator password 1', 768);
  await row(officer, 'prison-1').waitFor();
  // Marks the document: a reload would lose it.
  await officer.evaluate(() => { window.kvNotReloaded = true; });

  h.check(await row(officer, 'prison-1').locator('.badge.offline').isVisible(),
    'a kiosk not signed in is offline');
  await h.command('kiosk-sign-in prison-1');
  await row(officer, 'prison-1').locator('.badge.online').waitFor({ timeout: 5000 });
  h.check(true, 'a kiosk signing in turns online on the board');

  await h.command('advance 600');
  await waitState(officer, 'prison-1', 'Waiting');
  h.check(true, 'the join window opening shows the visit waiting');
  h.check((await row(officer, 'prison-1').textContent()).includes('Dad with Lena'),
    'the board says whose visit it is');

  await h.command('kiosk-sign-in community-1');
  await h.command('kiosk-present prison-1 ' + booking.id);
  await h.command('kiosk-present community-1 ' + booking.id);
  await row(officer, 'prison-1').getByText('Kiosk ready, not confirmed').waitFor({ timeout: 5000 });
  h.check(true, 'a kiosk in the visit shows as present');

  // Each role confirms its own side only.
  h.check(await row(officer, 'community-1').getByRole('button').count() === 0,
    'the officer has no buttons on a community kiosk');
  h.check(await row(coordinator, 'prison-1').getByRole('button').count() === 0,
    'the coordinator has no buttons on a prison kiosk');
  await row(officer, 'prison-1').getByRole('button', { name: /Confirm presence/ }).click();
  await row(officer, 'prison-1').getByText('Here, confirmed').waitFor({ timeout: 5000 });
  h.check(true, 'the officer confirms the prison side');
  // Keyboard only: Tab to the button, Enter.
  await row(coordinator, 'community-1').getByRole('button', { name: /Confirm presence/ }).focus();
  await coordinator.keyboard.press('Enter');
  await waitState(coordinator, 'community-1', 'Ready');
  h.check(true, 'both confirmed: the visit is ready');

  await h.command('advance 600');
  await waitState(officer, 'prison-1', 'Live');
  await waitState(coordinator, 'community-1', 'Live');
  h.check(true, 'the visit goes live on both boards without a reload');
  h.check((await row(officer, 'prison-1').locator('.time-left').textContent()).includes('30 min left'),
    'minutes left are shown');
  await h.screenshot(officer, 'today-live');
  await h.screenshot(coordinator, 'today-live-768');
  await h.axeCheck(officer, 'Today (live visit)');

  // End it with a reason; no category first: the field says so.
  await row(officer, 'prison-1').getByRole('button', { name: /End the visit/ }).click();
  const dialog = officer.getByRole('dialog');
  await dialog.waitFor();
  await h.axeCheck(officer, 'Today (end dialog)');
  await dialog.getByRole('button', { name: 'End visit', exact: true }).click();
  const category = dialog.getByLabel('Why does the visit end?');
  h.check(await category.getAttribute('aria-invalid') === 'true', 'a missing category is shown at its field');
  await category.selectOption('child-upset');
  // Only white space: the server refuses it, shown next to the reason.
  await dialog.getByLabel('Reason, in your words').fill('   ');
  await dialog.getByRole('button', { name: 'End visit', exact: true }).click();
  const reason = dialog.getByLabel('Reason, in your words');
  await dialog.locator('textarea[aria-invalid="true"]').waitFor({ timeout: 5000 });
  const reasonError = await dialog.locator('#' + (await reason.getAttribute('id')) + '-error').textContent();
  h.log('server said: ' + reasonError);
  h.check(reasonError.length > 0, "the server's refusal of the reason is shown next to it");
  await h.screenshot(officer, 'today-end-dialog');
  await reason.fill('Lena is tired today');
  await dialog.getByRole('button', { name: 'End visit', exact: true }).click();
  await waitState(officer, 'prison-1', 'Goodbye');
  await waitState(coordinator, 'community-1', 'Goodbye');
  h.check(true, 'ending with a reason starts the goodbye on both boards');

  await h.command('advance 70');
  await row(officer, 'prison-1').locator('.visit-state', { hasText: 'Idle' }).waitFor({ timeout: 5000 });
  h.check(true, 'after the goodbye the kiosk is idle again');

  await h.command('kiosk-close community-1');
  await row(officer, 'community-1').locator('.badge.offline').waitFor({ timeout: 5000 });
  h.check(true, 'a kiosk leaving turns offline');
  h.check(await officer.evaluate(() => window.kvNotReloaded === true), 'the page never reloaded');

  // The audit page, as an admin: the day, the officer, her name.
  await h.addStaff('boss', 'Bo Admin', ['admin'], 'admin password 1');
  const admin = await h.signedInPage(browser, 'boss', 'admin password 1');
  await admin.locator('#nav a', { hasText: 'Audit' }).click();
  await admin.getByLabel('Day').fill('2026-12-01');
  await admin.getByLabel('Staff member').selectOption('staff:olga');
  await admin.getByRole('button', { name: 'Show', exact: true }).click();
  const endRow = admin.locator('#audit tbody tr', { hasText: 'staff-end' });
  await endRow.waitFor({ timeout: 5000 });
  const endText = await endRow.textContent();
  h.check(endText.includes('Olga Novak (staff:olga)') && endText.includes('Lena is tired today'),
    'the audit page shows the end with the officer\'s name and reason');
  h.check(await admin.locator('#audit tbody tr').filter({ hasText: 'staff:cora' }).count() === 0,
    'the staff filter leaves other people out');
  await h.screenshot(admin, 'audit');
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = require('fs').readFileSync(await download.path(), 'utf8');
  h.check(csv.startsWith('seq,time,actor,name,action') && csv.includes('Olga Novak') &&
    csv.includes('staff-end'), 'the CSV export has the filtered rows with names');

  const audit = await h.admin('GET', 'audit?format=jsonl&limit=1000');
  const lines = (typeof audit === 'string' ? audit : JSON.stringify(audit)).split('\n')
    .filter(Boolean).map((line) => JSON.parse(line));
  const end = lines.find((l) => l.action === 'staff-end' && l.booking === booking.id);
  h.log('audit: ' + JSON.stringify(end));
  h.check(end && end.actor === 'staff:olga', 'the audit log names the officer who ended it');
  const confirmed = lines.filter((l) => l.action === 'session-confirmed' && l.booking === booking.id);
  h.check(confirmed.some((l) => l.actor === 'staff:olga') && confirmed.some((l) => l.actor === 'staff:cora'),
    'each confirmation is audited in its staff member\'s name');
});
