// The JIT monitor and call detail against the real server: structure (the server's demo data
// changes, so no numbers are asserted), the language switch persisted across a reload, and
// desktop + phone screenshots.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./helpers');

const base = () => process.env.TAKT_BASE_URL;

test('the JIT monitor renders counts, progress, alerts, filters, list and steps', async ({ page }, info) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'planner');
  await page.goto(base() + '/jit');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('JIT calls');
  // One count per call status (11), each a toggle button.
  await expect(page.getByTestId('status-counts').getByRole('button')).toHaveCount(11);
  await expect(page.getByTestId('count-received').locator('.n')).toHaveText(/^\d[\d,]*$/);
  await expect(page.getByTestId('progress')).toBeVisible();
  await expect(page.getByTestId('alerts')).toBeVisible();
  await expect(page.getByTestId('call-list')).toBeVisible();
  for (const f of ['status', 'type', 'customer', 'day', 'material', 'alert']) {
    await expect(page.getByTestId(`filter-${f}`)).toBeVisible();
  }
  await expect(page.getByLabel('Material', { exact: true })).toBeVisible();
  // Every lifecycle step is a button; without a selection they are disabled.
  const release = page.locator('button[data-step=release_to_production]');
  await expect(release).toBeVisible();
  await expect(release).toBeDisabled();
  await page.screenshot({ path: `screenshots/jit-monitor-${info.project.name}.png`, fullPage: true });

  // German, kept after a reload (localStorage takt.lang).
  await page.getByTestId('lang-select').selectOption('de');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('JIT-Abrufe');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(release).toHaveText('Für Produktion freigeben');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('JIT-Abrufe');
  expect(await page.evaluate(() => localStorage.getItem('takt.lang'))).toBe('"de"');
  await page.screenshot({ path: `screenshots/jit-monitor-de-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('the language selector is keyboard reachable and labelled', async ({ page }) => {
  await signIn(page, 'planner');
  await page.goto(base() + '/jit');
  const select = page.getByRole('combobox', { name: 'Language' });
  await expect(select).toBeVisible();
  await select.focus();
  await expect(select).toBeFocused();
});

test('a call detail route renders, also for an unknown call', async ({ page }, info) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'planner');
  await page.goto(base() + '/jit/calls/NO-SUCH-CALL');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Call NO-SUCH-CALL');
  await expect(page.getByText('This call does not exist.')).toBeVisible();
  await expect(page.getByRole('link', { name: /JIT calls/ })).toBeVisible();
  await page.screenshot({ path: `screenshots/jit-detail-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});
