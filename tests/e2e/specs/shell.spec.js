// The app shell, rendered by the wasm bundle: sign-in, navigation by role, the online/offline
// indicator, client-side routes that survive a reload, and the manifest.
const { test, expect } = require('@playwright/test');
const { snapshotBytes } = require('./helpers');

const base = () => process.env.TAKT_BASE_URL;

async function signIn(page, name, password = name) {
  await page.goto(base() + '/');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user')).toContainText(name);
}

test('the wasm bundle renders the shell; a planner signs in and sees every area', async ({ page }, info) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base() + '/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.screenshot({ path: `screenshots/sign-in-${info.project.name}.png`, fullPage: true });
  await signIn(page, 'planner');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const label of ['JIT', 'Planning', 'ATP', 'VMI']) {
    await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('connectivity')).toHaveText('Online');
  // The first sync brings the demo data into the local store.
  await expect(page.getByTestId('local-summary')).toContainText(/^\d+ items/);
  await expect(page.getByTestId('local-summary')).not.toContainText(/^0 items/);
  await expect(page.getByTestId('last-sync')).toContainText(/synced \d\d:\d\d/);
  await page.screenshot({ path: `screenshots/shell-home-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto(base() + '/');
  await page.getByLabel('Name').fill('planner');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('wrong name or password');
});

test('sales sees only ATP, a customer only VMI, and other areas are refused by URL', async ({ page }) => {
  await signIn(page, 'sales');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText(['ATP']);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'customer');
  await expect(nav.getByRole('link')).toHaveText(['VMI']);
  await page.goto(base() + '/planning');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not available');
});

test('the indicator follows the network going off and on', async ({ page, context }) => {
  await signIn(page, 'planner');
  const badge = page.getByTestId('connectivity');
  await expect(badge).toHaveText('Online');
  await context.setOffline(true);
  await expect(badge).toHaveText('Offline');
  await expect(badge).toHaveClass(/offline/);
  await context.setOffline(false);
  await expect(badge).toHaveText('Online');
});

test('navigation reaches each area and the route survives a reload', async ({ page }) => {
  await signIn(page, 'planner');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const [label, path] of [['JIT', '/jit'], ['Planning', '/planning'], ['ATP', '/atp'], ['VMI', '/vmi']]) {
    await nav.getByRole('link', { name: label, exact: true }).click();
    await expect(page).toHaveURL(base() + path);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expect(nav.getByRole('link', { name: label, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  await page.reload();
  await expect(page).toHaveURL(base() + '/vmi');
  await expect(nav.getByRole('link', { name: 'VMI', exact: true })).toHaveAttribute('aria-current', 'page');
});

test('the app starts offline after one visit, signed in, with its local data', async ({ page, context }) => {
  await signIn(page, 'planner');
  await expect(page.getByTestId('local-summary')).not.toContainText(/^0 items/);
  const summary = await page.getByTestId('local-summary').textContent();
  // The service worker has taken control and cached the build.
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 30_000 }).catch(async () => {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  });
  // The sync round's closing save stores the binary start snapshot.
  await expect.poll(() => snapshotBytes(page, 'planner'), { intervals: [250] }).toBeGreaterThan(24);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('connectivity')).toHaveText('Offline');
  await expect(page.getByTestId('user')).toContainText('planner');
  await expect(page.getByTestId('local-summary')).toHaveText(summary);
  // This start decoded the snapshot instead of reading the records one by one.
  expect(await page.evaluate(() => performance.getEntriesByName('takt:snapshot-used').length)).toBe(1);
  await context.setOffline(false);
});

test('the server answers health and serves the manifest and the service worker', async ({ request }) => {
  const health = await request.get(base() + '/health');
  expect((await health.json()).status).toBe('ok');
  const manifest = await request.get(base() + '/manifest.webmanifest');
  const m = JSON.parse(await manifest.text());
  expect(m.start_url).toBe('/');
  expect(m.display).toBe('standalone');
  expect(m.icons.length).toBeGreaterThan(0);
  const sw = await request.get(base() + '/sw.js');
  expect(sw.ok()).toBeTruthy();
  expect(sw.headers()['cache-control']).toBe('no-cache');
  const text = await sw.text();
  expect(text).not.toContain('__TAKT_ASSETS__');
  expect(text).toMatch(/"\/index\.html"/);
  expect(text).toMatch(/\.wasm"/);
});
