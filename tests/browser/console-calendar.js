// SPDX-License-Identifier: GPL-3.0-or-later
// Calendar: a week of template slots for the kiosk pair; a scheduler books
// a free slot in two clicks and sees the booking on Today, moves one (a
// bad time is refused next to its field) and cancels one.

'use strict';

const h = require('./console-harness.js');

h.run(async (browser) => {
  await h.addSiteAndKiosks();
  // Tuesday 1 December 2026, 08:00 UTC at the server.
  await h.admin('POST', 'templates', {
    id: 't-tue', prison: 'prison-1', community: 'community-1', weekday: 'tue', start: '09:00',
    minutes: 30, every_weeks: 1, valid_from: '2026-12-01',
  });
  await h.admin('POST', 'templates', {
    id: 't-thu', prison: 'prison-1', community: 'community-1', weekday: 'thu', start: '10:00',
    minutes: 30, every_weeks: 1, valid_from: '2026-12-01',
  });
  await h.addStaff('sara', 'Sara Berg', ['scheduler'], 'scheduler password 1');

  const page = await h.signedInPage(browser, 'sara', 'scheduler password 1');
  await page.locator('#nav a', { hasText: 'Calendar' }).click();
  await page.locator('main[aria-busy="false"]').waitFor();
  await page.locator('#week .day').first().waitFor();
  h.check(await page.locator('#week .day').count() === 7, 'the calendar shows a week');
  const free = page.getByRole('button', { name: '09:00–09:30, free: book it' });
  h.check(await free.count() === 1, 'the Tuesday template slot is free');
  await h.axeCheck(page, 'Calendar');

  // Two clicks: the slot, then Book.
  await free.click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await h.axeCheck(page, 'Calendar (book dialog)');
  await dialog.getByRole('button', { name: 'Book', exact: true }).click();
  await page.getByRole('button', { name: '09:00–09:30, booked: open the booking' }).waitFor({ timeout: 5000 });
  h.check(true, 'a free slot is booked in two clicks');

  // Thursday, with the names the kiosks show.
  await page.getByRole('button', { name: '10:00–10:30, free: book it' }).click();
  await dialog.getByLabel('Name the parent is shown as').fill('Dad');
  await dialog.getByLabel('Name the child is shown as').fill('Lena');
  await dialog.getByLabel('Child\'s age').selectOption('4-7');
  await dialog.getByRole('button', { name: 'Book', exact: true }).click();
  await page.getByRole('button', { name: '10:00–10:30, booked: open the booking' }).waitFor({ timeout: 5000 });
  await h.screenshot(page, 'calendar');

  const listed = await h.admin('GET', 'bookings?kiosk=prison-1');
  const tuesday = listed.bookings.find((b) => b.start === '2026-12-01T09:00:00Z');
  h.check(tuesday && tuesday.template === 't-tue' && tuesday.created_by === 'staff:sara',
    'the booking comes from the template, made by the scheduler');

  // Today shows what comes next at each kiosk.
  await page.locator('#nav a', { hasText: 'Today' }).click();
  const nextVisit = page.locator('tr[data-kiosk="prison-1"] .time-left');
  await nextVisit.filter({ hasText: '09:00' }).waitFor({ timeout: 5000 });
  h.check((await nextVisit.textContent()).includes('Next visit'), 'the booking is on Today');

  // Move Tuesday's: a time that is not one is refused at the field.
  await page.locator('#nav a', { hasText: 'Calendar' }).click();
  await page.getByRole('button', { name: '09:00–09:30, booked: open the booking' }).click();
  await dialog.getByRole('button', { name: 'Move…' }).click();
  const moveDialog = page.getByRole('dialog');
  await moveDialog.getByLabel('New start (local time)').waitFor();
  await moveDialog.getByLabel('New start (local time)').fill('someday');
  await moveDialog.getByLabel('Reason for the move').fill('Officer training');
  await moveDialog.getByRole('button', { name: 'Move', exact: true }).click();
  const start = moveDialog.getByLabel('New start (local time)');
  await moveDialog.locator('input[aria-invalid="true"]').waitFor({ timeout: 5000 });
  const startError = await moveDialog.locator('#' + (await start.getAttribute('id')) + '-error').textContent();
  h.log('server said: ' + startError);
  h.check(startError.length > 0, 'a bad new time is refused next to its field');
  await h.screenshot(page, 'calendar-move-error');
  await start.fill('2026-12-02 11:00');
  await moveDialog.getByRole('button', { name: 'Move', exact: true }).click();
  await page.getByRole('button', { name: '09:00–09:30, free: book it' }).waitFor({ timeout: 5000 });
  const moved = await h.admin('GET', 'bookings/' + tuesday.id);
  h.check(moved.start === '2026-12-02T11:00:00Z' && moved.moves.length === 1 &&
    moved.moves[0].reason === 'Officer training', 'the move is kept with its reason');

  // Cancel Thursday's.
  await page.getByRole('button', { name: '10:00–10:30, booked: open the booking' }).click();
  await dialog.getByRole('button', { name: 'Cancel the visit…' }).click();
  const cancelDialog = page.getByRole('dialog');
  await cancelDialog.getByLabel('Why is it cancelled?').waitFor();
  await cancelDialog.getByRole('button', { name: 'Cancel the visit', exact: true }).click();
  h.check(await cancelDialog.getByLabel('Why is it cancelled?').getAttribute('aria-invalid') === 'true',
    'a cancellation needs a category');
  await cancelDialog.getByLabel('Why is it cancelled?').selectOption('illness');
  await cancelDialog.getByLabel('Reason, in your words').fill('The child has flu');
  await cancelDialog.getByRole('button', { name: 'Cancel the visit', exact: true }).click();
  await page.getByRole('button', { name: '10:00–10:30, free: book it' }).waitFor({ timeout: 5000 });
  h.check(true, 'a cancelled booking frees its slot');
});
