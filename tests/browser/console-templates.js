// SPDX-License-Identifier: GPL-3.0-or-later
// Templates and sites: an admin adds a weekly template for the kiosk pair,
// turns it off, sets a site's opening hours (a bad opening is refused next
// to its day) and adds a closed day.

'use strict';

const h = require('./console-harness.js');

h.run(async (browser) => {
  await h.addSiteAndKiosks();
  await h.addStaff('boss', 'Bo Admin', ['admin'], 'admin password 1');
  const page = await h.signedInPage(browser, 'boss', 'admin password 1');
  await page.locator('#nav a', { hasText: 'Templates and sites' }).click();
  await page.locator('main[aria-busy="false"]').waitFor();
  await h.axeCheck(page, 'Templates and sites');

  const add = page.locator('form', { has: page.getByRole('heading', { name: 'Add a template' }) });
  await add.getByLabel('Weekday').selectOption('wed');
  await add.getByLabel('Start (prison\'s local time)').fill('15:30');
  await add.getByRole('button', { name: 'Add template' }).click();
  const row = page.locator('#templates tbody tr', { hasText: '15:30' });
  await row.waitFor({ timeout: 5000 });
  h.check((await row.textContent()).includes('Wednesday'), 'an admin adds a weekly template');
  await row.getByRole('button', { name: /Turn off/ }).click();
  await page.locator('#templates tbody tr', { hasText: 'Off' }).waitFor({ timeout: 5000 });
  h.check(true, 'and turns it off');

  // Monday closes before it opens: refused at Monday's field.
  const hours = page.getByRole('form', { name: 'Opening hours of Town' });
  await hours.getByLabel('Monday opens').fill('14:00');
  await hours.getByLabel('Monday closes').fill('10:00');
  await hours.getByRole('button', { name: 'Save opening hours' }).click();
  await hours.locator('input[aria-invalid="true"]').waitFor({ timeout: 5000 });
  const monday = hours.getByLabel('Monday opens');
  h.check(await monday.getAttribute('aria-invalid') === 'true',
    'a bad opening is refused next to its day');
  h.log('server said: ' + await hours.locator('#' + (await monday.getAttribute('id')) + '-error').textContent());
  await hours.getByLabel('Monday closes').fill('18:00');
  await hours.getByRole('button', { name: 'Save opening hours' }).click();
  await page.getByText('Monday 14:00–18:00').waitFor({ timeout: 5000 });
  h.check(true, 'the opening hours are saved');

  const closed = page.getByRole('form', { name: 'Closed days of Town' });
  await closed.getByLabel('Closed day').fill('2026-12-25');
  await closed.getByLabel('Why').fill('Christmas');
  await closed.getByRole('button', { name: 'Add closed day' }).click();
  await page.getByText('2026-12-25 (Christmas)').waitFor({ timeout: 5000 });
  h.check(true, 'a closed day is added');
  await h.screenshot(page, 'templates-and-sites');
});
