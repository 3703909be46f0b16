// SPDX-License-Identifier: GPL-3.0-or-later
// axe-core (locked in package-lock.json, injected from node_modules) on
// every page of the console, for an account that sees them all, at a
// desktop and at a tablet width: no serious or critical violation.

'use strict';

const h = require('./console-harness.js');

h.run(async (browser) => {
  await h.addSiteAndKiosks();
  await h.admin('POST', 'bookings', {
    prison: 'prison-1', community: 'community-1', start: '2026-12-01T08:05:00Z', minutes: 30,
    prison_label: 'Mum', community_label: 'Sam',
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
    await page.context().close();
  }
});
