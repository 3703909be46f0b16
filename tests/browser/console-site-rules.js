// SPDX-License-Identifier: GPL-3.0-or-later
// Site rules: an admin adds a template that holds its slots back for
// first-week families, changes a band's age rules (a longest visit
// shorter than the usual one is refused at its cell) and sets school
// hours; the Calendar marks the slot as kept for first-week families and
// in school hours. A scheduler reads the rules but has no fields.

'use strict';

const h = require('./console-harness.js');

h.run(async (browser) => {
  // Tuesday 1 December 2026, 08:00 UTC at the server.
  await h.addSiteAndKiosks();
  await h.addStaff('boss', 'Bo Admin', ['admin'], 'admin password 1');
  await h.addStaff('sara', 'Sara Berg', ['scheduler'], 'scheduler password 1');
  const page = await h.signedInPage(browser, 'boss', 'admin password 1');
  await page.locator('#nav a', { hasText: 'Templates and sites' }).click();
  await page.locator('main[aria-busy="false"]').waitFor();
  await page.locator('#age-rules-town').waitFor();

  // Thursday 16:00, every slot held back for first-week families.
  const add = page.locator('form', { has: page.getByRole('heading', { name: 'Add a template' }) });
  await add.getByLabel('Weekday').selectOption('thu');
  await add.getByLabel('Start (prison\'s local time)').fill('16:00');
  await add.getByLabel('Held back for first-week families (%)').fill('100');
  await add.getByRole('button', { name: 'Add template' }).click();
  const row = page.locator('#templates tbody tr', { hasText: '16:00' });
  await row.waitFor({ timeout: 5000 });
  h.check((await row.textContent()).includes('100 % held back'), 'the template holds its slots back');
  const templates = (await h.admin('GET', 'templates')).templates;
  h.check(templates.length === 1 && templates[0].first_week_share === 100, 'and the server keeps the share');

  // The defaults first: 0-3 is 15 and 20 minutes, twice a week.
  const rules = page.getByRole('form', { name: 'Age rules of Town' });
  const cells = await rules.locator('tr[data-band="0-3"] input').evaluateAll((inputs) => inputs.map((i) => i.value));
  h.check(JSON.stringify(cells) === JSON.stringify(['15', '20', '24', '2', '7']),
    'the defaults for 0-3 are shown (' + cells.join(', ') + ')');

  // 4-7: a longest visit of 10 minutes is shorter than its usual 20.
  const longest = rules.getByLabel('4–7 years: Longest (min)');
  await longest.fill('10');
  await rules.getByRole('button', { name: 'Save age rules' }).click();
  await rules.locator('input[aria-invalid="true"]').waitFor({ timeout: 5000 });
  h.check(await longest.getAttribute('aria-invalid') === 'true', 'a bad rule is refused at its cell');
  const said = await rules.locator('#' + (await longest.getAttribute('id')) + '-error').textContent();
  h.log('server said: ' + said);
  h.check(said.length > 0, 'with the server\'s reason beside it');
  await h.screenshot(page, 'site-rules-error');
  await longest.fill('25');
  await rules.getByRole('button', { name: 'Save age rules' }).click();
  await page.locator('#age-rules-town tr[data-band="4-7"] input[value="25"]').waitFor({ timeout: 5000 });
  const site = await h.admin('GET', 'sites/town');
  h.check(site.age_rules['4-7'].max_minutes === 25 && site.age_rules['4-7'].default_minutes === 20,
    'the new rule is saved');

  // School on Thursdays 08:00-17:00.
  const school = page.getByRole('form', { name: 'School hours of Town' });
  await school.getByLabel('Thursday: school starts').fill('08:00');
  await school.getByLabel('Thursday: school ends').fill('17:00');
  await school.getByRole('button', { name: 'Save school hours' }).click();
  await page.getByText('Thursday 08:00–17:00').waitFor({ timeout: 5000 });
  h.check((await h.admin('GET', 'sites/town')).school_hours.length === 1, 'the school hours are saved');
  await h.axeCheck(page, 'Templates and sites with site rules');
  await h.screenshot(page, 'site-rules');

  // Thursday's slot, 56 hours away: kept for first-week families until
  // 48 hours before, and in school hours.
  await page.locator('#nav a', { hasText: 'Calendar' }).click();
  await page.locator('main[aria-busy="false"]').waitFor();
  const slot = page.locator('#week .slot', { hasText: '16:00–16:30' });
  await slot.waitFor({ timeout: 5000 });
  const slotText = await slot.textContent();
  h.log('slot: ' + slotText);
  h.check(slotText.includes('Kept for first-week families until Tue 1 Dec, 16:00'),
    'the calendar marks the held-back slot with the time it is released');
  h.check(slotText.includes('In school hours'), 'and the slot in school hours');
  await h.axeCheck(page, 'Calendar with marked slots');
  await h.screenshot(page, 'calendar-marked');
  await page.context().close();

  // A scheduler reads the rules, with no field to change them.
  const scheduler = await h.signedInPage(browser, 'sara', 'scheduler password 1');
  await scheduler.locator('#nav a', { hasText: 'Templates and sites' }).click();
  await scheduler.locator('main[aria-busy="false"]').waitFor();
  const table = scheduler.locator('#age-rules-town');
  await table.waitFor();
  h.check(await table.locator('input').count() === 0 &&
    (await table.locator('tr[data-band="4-7"]').textContent()).includes('25'),
  'a scheduler sees the rules without fields');
  h.check(await scheduler.getByRole('form', { name: 'School hours of Town' }).count() === 0,
    'and cannot set school hours');
});
