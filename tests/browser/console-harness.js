// SPDX-License-Identifier: GPL-3.0-or-later
// What the console scenarios share: the harness's commands (test-console.c
// runs the server and answers `@@command` lines), the admin API with the
// admin token, Debian's chromium through playwright-core, sign-in, an
// axe-core check (axe from node_modules, run through the DevTools protocol
// so the page's Content-Security-Policy stays as it is), and a tally of
// checks that sets the exit status.

'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { chromium } = require('playwright-core');

const server = process.env.KV_CONSOLE_SERVER;
const adminToken = process.env.KV_ADMIN_TOKEN;
const screenshotDir = process.env.KV_SCREENSHOT_DIR || '.';
const executablePath = process.env.KV_CHROMIUM || '/usr/bin/chromium';

const args = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const lines = readline.createInterface({ input: process.stdin });
const waiting = [];
lines.on('line', (line) => {
  const resolve = waiting.shift();
  if (resolve) {
    resolve(line);
  }
});

// One harness command; resolves with its answer line.
function command(text) {
  return new Promise((resolve, reject) => {
    waiting.push((answer) => {
      if (answer.startsWith('error')) {
        reject(new Error(text + ': ' + answer));
      } else {
        resolve(answer);
      }
    });
    process.stdout.write('@@' + text + '\n');
  });
}

let failures = 0;
let passes = 0;

function log(text) {
  process.stdout.write('# ' + text + '\n');
}

function check(condition, what) {
  if (condition) {
    passes++;
    process.stdout.write('ok - ' + what + '\n');
  } else {
    failures++;
    process.stdout.write('not ok - ' + what + '\n');
  }
  return condition;
}

async function admin(method, urlPath, body) {
  const response = await fetch(server + '/api/v1/' + urlPath, {
    method,
    headers: {
      Authorization: 'Bearer ' + adminToken,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = text;
  }
  if (!response.ok) {
    throw new Error(method + ' ' + urlPath + ': ' + response.status + ' ' + text);
  }
  return data;
}

// Staff of @sites (default: the test site).
async function addStaff(id, name, roles, password, sites) {
  return admin('POST', 'staff', { id, name, roles, sites: sites || ['town'], password });
}

// The test's site (UTC, open all day) and its two kiosks.
async function addSiteAndKiosks() {
  await admin('POST', 'sites', { id: 'town', name: 'Town', time_zone: 'UTC' });
  await command('kiosk-add prison-1 prison town Visit room 1');
  await command('kiosk-add community-1 community town Centre room A');
}

async function launch() {
  const browser = await chromium.launch({ executablePath, headless: true, args });
  return browser;
}

// A new browser context (own cookies) at @width x 900, signed in as @user.
async function signedInPage(browser, user, password, width) {
  const context = await browser.newContext({
    viewport: { width: width || 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      log('browser ' + message.type() + ': ' + message.text());
    }
  });
  page.on('pageerror', (error) => log('page error: ' + error.message));
  await page.goto(server + '/console/');
  if (user) {
    await signIn(page, user, password);
  }
  return page;
}

async function signIn(page, user, password) {
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Serious and critical WCAG 2.1 A/AA violations on the page as it is now.
async function axeCheck(page, what) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) {
    await page.evaluate(axeSource);
  }
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const violation of bad) {
    log(what + ': ' + violation.impact + ' ' + violation.id + ': ' + violation.help + ' at ' +
      violation.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
  }
  for (const violation of results.violations.filter((v) => !bad.includes(v))) {
    log(what + ' (minor): ' + violation.impact + ' ' + violation.id + ': ' + violation.help);
  }
  check(bad.length === 0, 'axe: no serious or critical violations on ' + what);
}

async function screenshot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  log('screenshot ' + file);
}

// Runs @scenario(browser); the exit status says whether every check held.
async function run(scenario) {
  let browser = null;
  try {
    browser = await launch();
    await scenario(browser);
  } catch (error) {
    failures++;
    process.stdout.write('not ok - the scenario ran to its end: ' + (error.stack || error) + '\n');
  } finally {
    if (browser) {
      await browser.close();
    }
  }
  process.stdout.write('# ' + passes + ' passed, ' + failures + ' failed\n');
  lines.close();
  process.exit(failures === 0 && passes > 0 ? 0 : 1);
}

module.exports = {
  server, command, check, log, admin, addStaff, addSiteAndKiosks, launch, signedInPage, signIn, axeCheck,
  screenshot, run,
};
