// SPDX-License-Identifier: GPL-3.0-or-later
// axe-core (locked in package-lock.json, injected from node_modules) on
// every page of the console, for an account that sees them all, at a
// desktop and at a tablet width: no serious or critical violation. A
// family in its first week fills the Families page, a family's own page
// and the Today page's Contact due panel.

'use strict';

const h = require('./console-harness.js');

h.run(async (browser) => {
  await h.addSiteAndKiosks();
  await h.admin('POST', 'bookings', {
    prison: 'prison-1', community: 'community-1', start: '2026-12-01T08:05:00Z', minutes: 30,
    prison_label: 'Mum', community_label: 'Sam',
  });
  await h.admin('POST', 'templates', {
    id: 't-wed', prison: 'prison-1', community: 'community-1', weekday: 'wed', start: '15:00',
    minutes: 30, every_weeks: 1, valid_from: '2026-12-01',
  });
  const { family } = await h.admin('POST', 'families', {
    parent_label: 'Dad', admitted_on: '2026-11-30', community_site: 'town',
    prison_kiosks: ['prison-1'], children: [{ label: 'Lena', age_band: '0-3' }, { label: 'Sam', age_band: '8-12' }],
  });
  await h.addStaff('boss', 'Bo Admin', ['scheduler', 'admin'], 'admin password 1');

  for (const width of [1280, 768]) {
    const page = await h.signedInPage(browser, 'boss', 'admin password 1', width);
    const names = await page.locator('#nav a').allTextContents();
    for (const name of names) {
      await page.locator('#nav a', { hasText: name }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      // Let the page's first answers arrive.
      await page.locator('main[aria-busy="false"]').waitFor();
      await h.axeCheck(page, name + ' at ' + width + ' px');
      if (width === 1280) {
        await h.screenshot(page, 'page-' + name.toLowerCase().replace(/\W+/g, '-'));
      }
    }
    await page.locator('#nav a', { hasText: 'Families' }).click();
    await page.getByRole('link', { name: 'Dad with Lena & Sam' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dad with Lena & Sam' }).waitFor();
    await page.locator('main[aria-busy="false"]').waitFor();
    await page.locator('#family-proposal').waitFor();
    await h.axeCheck(page, 'the page of ' + family.id + ' at ' + width + ' px');
    if (width === 1280) {
      await h.screenshot(page, 'page-family');
    }
    await page.context().close();
  }
});
