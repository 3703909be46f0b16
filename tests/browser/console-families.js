// SPDX-License-Identifier: GPL-3.0-or-later
// Families, as a scheduler meets them: add a family with a 2-year-old
// admitted yesterday and book the visit the server proposes; try a
// 60-minute visit for her in the Calendar, see it refused with the
// reason and book it with a reason to override the rules (audited); book
// the next free slot of a family from the Today page's due panel; read
// the month's families report and its CSV. An empty child label is
// refused on its row, an admission day in the future at its field, and
// nothing is half-written.

'use strict';

const h = require('./console-harness.js');

const PASSWORD = 'scheduler password 1';

async function auditLines() {
  const audit = await h.admin('GET', 'audit?format=jsonl&limit=1000');
  return (typeof audit === 'string' ? audit : JSON.stringify(audit)).split('\n')
    .filter(Boolean).map((line) => JSON.parse(line));
}

h.run(async (browser) => {
  // Tuesday 1 December 2026, 08:00 UTC at the server.
  await h.addSiteAndKiosks();
  await h.admin('POST', 'templates', {
    id: 't-wed', prison: 'prison-1', community: 'community-1', weekday: 'wed', start: '15:00',
    minutes: 30, every_weeks: 1, valid_from: '2026-12-01',
  });
  await h.admin('POST', 'templates', {
    id: 't-thu', prison: 'prison-1', community: 'community-1', weekday: 'thu', start: '10:00',
    minutes: 30, every_weeks: 1, valid_from: '2026-12-01',
  });
  await h.admin('POST', 'templates', {
    id: 't-fri', prison: 'prison-1', community: 'community-1', weekday: 'fri', start: '10:00',
    minutes: 60, every_weeks: 1, valid_from: '2026-12-01',
  });
  await h.addStaff('sara', 'Sara Berg', ['scheduler'], PASSWORD);
  const page = await h.signedInPage(browser, 'sara', PASSWORD);

  await page.locator('#nav a', { hasText: 'Families' }).click();
  await page.getByRole('heading', { level: 1, name: 'Families' }).waitFor();
  await page.locator('main[aria-busy="false"]').waitFor();
  h.check(await page.locator('#families tbody td.empty').count() === 1, 'no families at first');

  // Add: an empty label is refused on its row; an admission day after
  // today is refused by the server at its field, and nothing is written.
  await page.getByRole('button', { name: 'Add a family…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name the parent is shown as').fill('Dad');
  await dialog.getByLabel('Child 1: name shown').fill('Lena');
  await dialog.getByLabel('Child 1: age').selectOption('0-3');
  await dialog.getByRole('button', { name: 'Add a child' }).click();
  h.check(await dialog.getByLabel('Child 2: name shown').evaluate((e) => e === document.activeElement),
    'adding a child row moves the keyboard to its label');
  await dialog.getByLabel('Admission day').fill('2026-12-05');
  h.check(await dialog.getByLabel(/Visit room 1/).isChecked(), 'the only prison kiosk is chosen');
  h.check(await dialog.getByLabel('Community site of the children').inputValue() === 'town',
    'the only site is chosen');
  await h.axeCheck(page, 'Add a family');
  await dialog.getByRole('button', { name: 'Add family', exact: true }).click();
  const second = dialog.getByLabel('Child 2: name shown');
  await dialog.locator('[aria-invalid="true"]').first().waitFor({ timeout: 5000 });
  h.check(await second.getAttribute('aria-invalid') === 'true',
    'an empty second child\'s label is refused on its row');
  await dialog.getByRole('button', { name: 'Remove child 2' }).click();
  await dialog.getByRole('button', { name: 'Add family', exact: true }).click();
  const admitted = dialog.getByLabel('Admission day');
  await dialog.locator('input[aria-invalid="true"]').first().waitFor({ timeout: 5000 });
  h.check(await admitted.getAttribute('aria-invalid') === 'true',
    'an admission day after today is refused at its field');
  h.log('server said: ' + await dialog.locator('#' + (await admitted.getAttribute('id')) + '-error').textContent());
  await h.screenshot(page, 'families-add-error');
  h.check((await h.admin('GET', 'families')).families.length === 0, 'and nothing is written');

  // Admitted yesterday, the family is added and a visit proposed:
  // Wednesday's slot, 15 minutes (the usual length for 0-3).
  await admitted.fill('2026-11-30');
  await dialog.getByRole('button', { name: 'Add family', exact: true }).click();
  const proposal = page.locator('#proposal');
  await proposal.waitFor({ timeout: 5000 });
  const proposalText = await proposal.textContent();
  h.log('proposal: ' + proposalText);
  h.check(proposalText.includes('Wed 2 Dec') && proposalText.includes('15:00–15:15') &&
    proposalText.includes('15 min'), 'the proposal is Wednesday 15:00, 15 minutes');
  h.check((await page.getByRole('dialog').textContent()).includes('Within the first week'),
    'within the first week');
  await h.axeCheck(page, 'Families (proposal)');
  await h.screenshot(page, 'families-proposal');
  await page.getByRole('dialog').getByRole('button', { name: 'Book this visit' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 5000 });
  const { families } = await h.admin('GET', 'families');
  const lena = families[0];
  h.check(families.length === 1 && lena.age_band === '0-3' && lena.parent_label === 'Dad',
    'the family is stored with the child\'s age band');
  let booked = (await h.admin('GET', 'bookings?kiosk=prison-1')).bookings;
  const first = booked.find((b) => b.family === lena.id);
  h.check(first && first.start === '2026-12-02T15:00:00Z' && first.end === '2026-12-02T15:15:00Z' &&
    first.template === 't-wed', 'the proposal is booked: 15 minutes in the 30-minute slot');

  // The list: the family, its contact, its next visit; the search finds it.
  const row = page.locator('#families tbody tr[data-family="' + lena.id + '"]');
  await row.waitFor({ timeout: 5000 });
  const rowText = await row.textContent();
  h.check(rowText.includes('Dad with Lena') && rowText.includes('First contact due') &&
    /\d+ days? left/.test(rowText) && rowText.includes('Wed 2 Dec, 15:00'),
    'the list shows the family, its first contact due with days left and the booked visit (' + rowText + ')');
  await page.getByLabel('Search families').fill('nobody');
  h.check(await row.count() === 0, 'a search for another name hides it');
  await page.getByLabel('Search families').fill('lena');
  h.check(await row.count() === 1, 'a search for the child\'s label finds it');
  await h.screenshot(page, 'families');

  // Its page: children, rules of the youngest, contact, visits.
  await row.getByRole('link', { name: 'Dad with Lena' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dad with Lena' }).waitFor();
  await page.locator('main[aria-busy="false"]').waitFor();
  await page.locator('#family-bookings tbody tr[data-booking="' + first.id + '"]').waitFor({ timeout: 5000 });
  const rules = await page.locator('section[aria-labelledby="family-rules"]').textContent();
  h.check(rules.includes('0–3 years') && rules.includes('15 min') && rules.includes('20 min'),
    'the family page shows the rules of a 0-3 child (' + rules + ')');
  await h.axeCheck(page, 'Family page');
  await h.screenshot(page, 'family-detail');

  // A 60-minute visit for a 2-year-old: refused with the reason, then
  // booked with a reason to override.
  await page.locator('#nav a', { hasText: 'Calendar' }).click();
  await page.locator('main[aria-busy="false"]').waitFor();
  await page.getByRole('button', { name: /^10:00–11:00, free: book it/ }).click();
  const book = page.getByRole('dialog');
  await book.getByLabel('Family').selectOption(lena.id);
  h.check(await book.getByLabel('Name the parent is shown as').inputValue() === 'Dad' &&
    await book.getByLabel('Name the child is shown as').inputValue() === 'Lena' &&
    await book.getByLabel('Minutes').inputValue() === '15',
  'choosing the family fills in the names and the usual length');
  await book.getByLabel('Minutes').fill('60');
  await book.getByRole('button', { name: 'Book', exact: true }).click();
  const refusal = book.locator('.rules-refusal');
  await refusal.waitFor({ timeout: 5000 });
  const reasonText = await refusal.textContent();
  h.log('server said: ' + reasonText);
  h.check(/20 minutes/.test(reasonText), 'a 60-minute visit for a 0-3 child is refused with the reason');
  h.check(await book.getByLabel('Override with a reason').evaluate((e) => e === document.activeElement),
    'the keyboard goes to the reason for an override');
  await h.axeCheck(page, 'Calendar (age rules refusal)');
  await h.screenshot(page, 'booking-override');
  // Asked again without a reason: the reason is asked for.
  await book.getByRole('button', { name: 'Book anyway' }).click();
  await book.getByLabel('Override with a reason').and(page.locator('[aria-invalid="true"]'))
    .waitFor({ timeout: 5000 });
  h.check(true, 'booking anyway needs a reason');
  const because = 'Dad leaves for another prison on Monday; the coordinator stays with Lena';
  await book.getByLabel('Override with a reason').fill(because);
  await book.getByRole('button', { name: 'Book anyway' }).click();
  await page.getByRole('button', { name: /^10:00–11:00, booked/ }).waitFor({ timeout: 5000 });
  booked = (await h.admin('GET', 'bookings?kiosk=prison-1')).bookings;
  const long = booked.find((b) => b.start === '2026-12-04T10:00:00Z');
  h.check(long && long.end === '2026-12-04T11:00:00Z' && long.family === lena.id &&
    long.rules_override === because, 'the 60-minute visit is booked with the override\'s reason');
  const override = (await auditLines()).find((l) => l.action === 'booking-rules-override' &&
    long && l.booking === long.id);
  h.log('audit: ' + JSON.stringify(override));
  h.check(Boolean(override && override.actor === 'staff:sara' &&
    (override.reason === because || String(override.details).includes('reason=' + because))),
  'the override is audited in the scheduler\'s name with its reason');

  // The due panel: a family in its first week with no visit, and one
  // whose first week is long past.
  const sam = await h.admin('POST', 'families', {
    parent_label: 'Mum', admitted_on: '2026-11-29', community_site: 'town',
    prison_kiosks: ['prison-1'], children: [{ label: 'Sam', age_band: '4-7' }],
  });
  await h.admin('POST', 'families', {
    parent_label: 'Papa', admitted_on: '2026-10-01', community_site: 'town',
    prison_kiosks: ['prison-1'], children: [{ label: 'Ana', age_band: '8-12' }, { label: 'Ivo', age_band: '13-17' }],
  });
  await page.locator('#nav a', { hasText: 'Today' }).click();
  await page.locator('main[aria-busy="false"]').waitFor();
  const due = page.locator('#contact-due');
  const samRow = due.locator('tr[data-family="' + sam.family.id + '"]');
  await samRow.waitFor({ timeout: 5000 });
  const samText = await samRow.textContent();
  h.check(samText.includes('Mum with Sam') && /\d+ days? left/.test(samText),
    'the due panel lists the first-week family with its days left (' + samText + ')');
  h.check(await due.locator('#due-first-week tr', { hasText: 'Mum with Sam' }).count() === 1,
    'among the first-week families');
  const papaText = await due.locator('tr', { hasText: 'Papa with Ana & Ivo' }).textContent();
  h.check(/\d+ days? late/.test(papaText), 'a family long past its first week is late (' + papaText + ')');
  await h.axeCheck(page, 'Today with the due panel');
  await h.screenshot(page, 'today-contact-due');
  await samRow.getByRole('button', { name: 'Book next free slot for Mum with Sam' }).click();
  await samRow.getByText('Booked:').waitFor({ timeout: 5000 });
  h.check(await samRow.getByRole('button').count() === 0, 'once booked, the family has no button');
  booked = (await h.admin('GET', 'bookings?kiosk=prison-1')).bookings;
  const samVisit = booked.find((b) => b.family === sam.family.id);
  h.check(Boolean(samVisit && sam.proposal &&
    Date.parse(samVisit.start) === Date.parse(sam.proposal.start) &&
    samVisit.template === sam.proposal.template),
  'one click books the family\'s proposed slot (' + (samVisit && samVisit.start) + ')');
  await h.screenshot(page, 'today-contact-due-booked');

  // Papa's family moved away: change it, then archive it; it leaves the
  // due panel.
  await due.getByRole('link', { name: 'Papa with Ana & Ivo' }).click();
  await page.getByRole('heading', { level: 1, name: 'Papa with Ana & Ivo' }).waitFor();
  await page.locator('main[aria-busy="false"]').waitFor();
  await page.getByRole('button', { name: 'Change…' }).click();
  const change = page.getByRole('dialog');
  await change.getByLabel('Child 2: name shown').fill('Ivan');
  await change.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Papa with Ana & Ivan' }).waitFor({ timeout: 5000 });
  h.check(true, 'a child\'s label is changed');
  await page.getByRole('button', { name: 'Archive…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Archive', exact: true }).click();
  await page.locator('#family .badge', { hasText: 'Archived' }).waitFor({ timeout: 5000 });
  const papa = (await h.admin('GET', 'families?archived=1')).families.find((f) => f.parent_label === 'Papa');
  h.check(papa && papa.archived && papa.children[1].label === 'Ivan', 'the family is archived');
  const dueNow = await h.admin('GET', 'families/due');
  h.check(![...dueNow.first_week, ...dueNow.regular].some((e) => e.family.id === papa.id),
    'an archived family leaves the due list');

  // The families report of November and its CSV.
  await page.locator('#nav a', { hasText: 'Reports' }).click();
  await page.locator('main[aria-busy="false"]').waitFor();
  const month = page.getByLabel('Month', { exact: true });
  await month.fill('2026-11');
  await month.press('Enter');
  await page.locator('#families-report caption', { hasText: '2026-11' }).waitFor({ timeout: 5000 });
  const expected = (await h.admin('GET', 'reports/families?month=2026-11')).reports
    .find((r) => r.site === 'town');
  const newFamilies = await page.locator('#families-report tbody tr', {
    has: page.locator('th', { hasText: 'New families' }),
  }).locator('td').allTextContents();
  h.check(expected && JSON.stringify(newFamilies) === JSON.stringify([String(expected.new_families)]) &&
    expected.new_families === 2, 'the report counts the two families admitted in November (' + newFamilies + ')');
  h.check(await page.locator('#families-report th[scope="row"]').count() === 8,
    'the families report has its eight figures');
  await h.axeCheck(page, 'Reports with the families report');
  await h.screenshot(page, 'reports-families');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download families CSV' }).click(),
  ]);
  h.check(download.suggestedFilename() === 'kinvisit-families-2026-11.csv',
    'the families CSV is named after the month (' + download.suggestedFilename() + ')');
  const csv = require('fs').readFileSync(await download.path(), 'utf8');
  h.log('csv: ' + csv.split(/\r?\n/).slice(0, 2).join(' | '));
  h.check(csv.replace(/"/g, '').startsWith('month,site,new_families,first_week_contact,first_week_share,' +
    'median_days_0_3,median_days_4_7,median_days_8_12,median_days_13_17,visits,visits_within_rules,' +
    'within_rules_share'), 'the CSV has the families header');
  h.check(csv.replace(/"/g, '').split(/\r?\n/)[1].startsWith('2026-11,town,2,0,'),
    'and the site\'s November figures');
});
