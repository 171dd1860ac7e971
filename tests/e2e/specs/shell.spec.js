// The app shell, rendered by the wasm bundle: navigation to the four areas, the
// online/offline indicator, client-side routes that survive a reload, and the manifest.
const { test, expect } = require('@playwright/test');

const base = () => process.env.TAKT_BASE_URL;

test('the wasm bundle renders the shell with navigation and connectivity', async ({ page }, info) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base() + '/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const label of ['JIT', 'Planning', 'ATP', 'VMI']) {
    await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('connectivity')).toHaveText('Online');
  await page.screenshot({ path: `screenshots/shell-home-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('the indicator follows the network going off and on', async ({ page, context }) => {
  await page.goto(base() + '/');
  const badge = page.getByTestId('connectivity');
  await expect(badge).toHaveText('Online');
  await context.setOffline(true);
  await expect(badge).toHaveText('Offline');
  await expect(badge).toHaveClass(/offline/);
  await context.setOffline(false);
  await expect(badge).toHaveText('Online');
});

test('navigation reaches each area and the route survives a reload', async ({ page }) => {
  await page.goto(base() + '/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const areas = [
    ['JIT', '/jit', 'JIT calls'],
    ['Planning', '/planning', 'Planning'],
    ['ATP', '/atp', 'Available to promise'],
    ['VMI', '/vmi', 'Vendor-managed inventory'],
  ];
  for (const [label, path, heading] of areas) {
    await nav.getByRole('link', { name: label, exact: true }).click();
    await expect(page).toHaveURL(base() + path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(nav.getByRole('link', { name: label, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vendor-managed inventory');
});

test('the server answers health and serves an installable manifest', async ({ request }) => {
  const health = await request.get(base() + '/health');
  expect(health.ok()).toBeTruthy();
  expect((await health.json()).status).toBe('ok');
  const manifest = await request.get(base() + '/manifest.webmanifest');
  expect(manifest.ok()).toBeTruthy();
  const m = JSON.parse(await manifest.text());
  expect(m.start_url).toBe('/');
  expect(m.display).toBe('standalone');
  expect(m.icons.length).toBeGreaterThan(0);
});
