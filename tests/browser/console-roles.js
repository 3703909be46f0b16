// SPDX-License-Identifier: GPL-3.0-or-later
// Each role finds the pages and the buttons that are its own, and no
// others: the console shows what the permission table lets the account do.

'use strict';

const h = require('./console-harness.js');

const PASSWORD = 'role test password';

const EXPECTED = {
  officer: { pages: ['Today', 'Bookings', 'Kiosks'], prison: true, community: false },
  coordinator: { pages: ['Today', 'Bookings', 'Kiosks'], prison: false, community: true },
  scheduler: { pages: ['Today', 'Calendar', 'Bookings', 'Kiosks', 'Templates and sites', 'Reports'], prison: false, community: false },
  admin: {
    pages: ['Today', 'Calendar', 'Bookings', 'Kiosks', 'Templates and sites', 'Reports', 'Staff accounts',
      'Audit'],
    prison: false, community: false,
  },
};

async function buttonsOf(page, kiosk) {
  return page.locator('tr[data-kiosk="' + kiosk + '"]').getByRole('button').allTextContents();
}

h.run(async (browser) => {
  await h.addSiteAndKiosks();
  // In its join window from the start (08:00 + 5 min).
  await h.admin('POST', 'bookings', {
    prison: 'prison-1', community: 'community-1', start: '2026-12-01T08:05:00Z', minutes: 30,
    prison_label: 'Mum', community_label: 'Sam',
  });

  // A kiosk at another site: nobody of the town sees it.
  await h.admin('POST', 'sites', { id: 'elsewhere', name: 'Elsewhere', time_zone: 'UTC' });
  await h.command('kiosk-add prison-9 prison elsewhere Far room');

  for (const [role, expected] of Object.entries(EXPECTED)) {
    await h.addStaff(role + '-1', 'Test ' + role, [role], PASSWORD);
    const page = await h.signedInPage(browser, role + '-1', PASSWORD);
    await page.locator('tr[data-kiosk="prison-1"] .visit-state', { hasText: 'Waiting' }).waitFor();
    h.check(await page.locator('tr[data-kiosk="prison-9"]').count() === 0,
      role + ' does not see a kiosk of another site');
    const pages = await page.locator('#nav a').allTextContents();
    h.check(JSON.stringify(pages) === JSON.stringify(expected.pages),
      role + ' sees the pages ' + expected.pages.join(', ') + ' (saw ' + pages.join(', ') + ')');
    const prison = await buttonsOf(page, 'prison-1');
    const community = await buttonsOf(page, 'community-1');
    h.check((prison.length > 0) === expected.prison,
      role + (expected.prison ? ' has' : ' has no') + ' buttons on the prison kiosk (' + prison.join(', ') + ')');
    h.check((community.length > 0) === expected.community,
      role + (expected.community ? ' has' : ' has no') + ' buttons on the community kiosk (' +
      community.join(', ') + ')');
    if (expected.prison || expected.community) {
      const buttons = expected.prison ? prison : community;
      h.check(buttons.includes('Confirm presence') && buttons.includes('End visit…'),
        role + ' can confirm presence and end the visit');
    }
    if (role === 'coordinator' || role === 'scheduler') {
      // The server checks too, whatever a page shows.
      const status = await page.evaluate(async () => {
        const session = await (await fetch('/api/v1/session')).json();
        const sessions = await (await fetch('/api/v1/sessions')).json();
        const r = await fetch('/api/v1/sessions/' + sessions.sessions[0].booking + '/confirm', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
          body: JSON.stringify({ side: 'prison' }),
        });
        return r.status;
      });
      h.check(status === 403, 'the server refuses a ' + role + ' confirming the prison side (' + status + ')');
    }
    await page.context().close();
  }
});
