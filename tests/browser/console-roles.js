// SPDX-License-Identifier: GPL-3.0-or-later
// Each role finds the pages and the buttons that are its own, and no
// others: the console shows what the permission table lets the account do.

'use strict';

const h = require('./console-harness.js');

const PASSWORD = 'role test password';

// due: the Today page's Contact due panel; book: its one-click button;
// add: the Families page's Add button.
const EXPECTED = {
  officer: { pages: ['Today', 'Bookings', 'Kiosks'], prison: true, community: false, due: false },
  coordinator: {
    pages: ['Today', 'Bookings', 'Families', 'Kiosks', 'Reports'], prison: false, community: true, due: true,
    book: false, add: false,
  },
  scheduler: {
    pages: ['Today', 'Calendar', 'Bookings', 'Families', 'Kiosks', 'Templates and sites', 'Reports'],
    prison: false, community: false, due: true, book: true, add: true,
  },
  admin: {
    pages: ['Today', 'Calendar', 'Bookings', 'Families', 'Kiosks', 'Templates and sites', 'Reports',
      'Staff accounts', 'Audit'],
    prison: false, community: false, due: true, book: false, add: false,
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
  // A family in its first week, with a slot to propose.
  await h.admin('POST', 'templates', {
    id: 't-wed', prison: 'prison-1', community: 'community-1', weekday: 'wed', start: '15:00',
    minutes: 30, every_weeks: 1, valid_from: '2026-12-01',
  });
  const { family } = await h.admin('POST', 'families', {
    parent_label: 'Dad', admitted_on: '2026-11-30', community_site: 'town',
    prison_kiosks: ['prison-1'], children: [{ label: 'Lena', age_band: '0-3' }],
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
    if (!expected.due) {
      await page.locator('main[aria-busy="false"]').waitFor();
      h.check(await page.locator('#contact-due').count() === 0, role + ' has no Contact due panel');
    } else {
      const due = page.locator('#contact-due tr[data-family="' + family.id + '"]');
      await due.waitFor({ timeout: 5000 });
      h.check((await due.getByRole('button', { name: /Book next free slot/ }).count() > 0) === expected.book,
        role + (expected.book ? ' can' : ' cannot') + ' book the next free slot from the due panel');
      await page.locator('#nav a', { hasText: 'Families' }).click();
      await page.locator('main[aria-busy="false"]').waitFor();
      await page.locator('#families tr[data-family="' + family.id + '"]').waitFor({ timeout: 5000 });
      h.check((await page.getByRole('button', { name: 'Add a family…' }).count() > 0) === expected.add,
        role + (expected.add ? ' can' : ' cannot') + ' add a family');
    }
    if (role === 'coordinator') {
      // The server checks too: a coordinator adds no family.
      const status = await page.evaluate(async () => {
        const session = await (await fetch('/api/v1/session')).json();
        const r = await fetch('/api/v1/families', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
          body: JSON.stringify({
            parent_label: 'Mum', admitted_on: '2026-11-30', community_site: 'town',
            prison_kiosks: ['prison-1'], children: [{ label: 'Sam', age_band: '4-7' }],
          }),
        });
        return r.status;
      });
      h.check(status === 403, 'the server refuses a coordinator adding a family (' + status + ')');
      // Reports: the families' figures, not the visits'.
      await page.locator('#nav a', { hasText: 'Reports' }).click();
      await page.locator('main[aria-busy="false"]').waitFor();
      await page.locator('#families-report tbody tr').first().waitFor({ timeout: 5000 });
      h.check(await page.locator('#reports').count() === 0 &&
        await page.getByRole('button', { name: 'Download families CSV' }).count() === 1,
      'a coordinator\'s Reports page has the families report only');
    }
    await page.context().close();
  }
});
