// The VMI screens against the real server: the planner's view and the customer's view render
// their sections (structure only: the server's data changes), the language switches, and
// desktop + phone screenshots are saved.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./helpers');

const base = () => process.env.TAKT_BASE_URL;

test('the planner view shows planning data, stock, proposal run, proposals and alerts', async ({ page }, info) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'planner');
  await page.goto(base() + '/vmi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vendor-managed inventory');
  for (const name of [
    'Customer-article planning data',
    "Customers' stock",
    'Generate sales proposals',
    'Sales proposals',
    'Customer alerts',
  ]) {
    await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('vmi-planning')).toBeVisible();
  await expect(page.getByTestId('vmi-proposals')).toBeVisible();
  for (let i = 1; i <= 5; i++) {
    await expect(page.getByTestId(`sel-class${i}`)).toBeVisible();
  }
  await expect(page.getByLabel('As of')).toBeVisible();
  await expect(page.getByTestId('vmi-convert')).toBeDisabled();
  await page.screenshot({ path: `screenshots/vmi-planner-${info.project.name}.png`, fullPage: true });

  await page.getByTestId('lang-select').selectOption('de');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lieferantengesteuerter Bestand');
  await expect(page.getByRole('heading', { level: 2, name: 'Vertriebsvorschläge', exact: true })).toBeVisible();
  await page.screenshot({ path: `screenshots/vmi-planner-de-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('the customer view route renders', async ({ page }, info) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'planner');
  await page.goto(base() + '/vmi/customer/OEM-WOB');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Your stock');
  await page.screenshot({ path: `screenshots/vmi-customer-${info.project.name}.png`, fullPage: true });
  await page.getByTestId('lang-select').selectOption('de');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Ihr Bestand');
  expect(errors).toEqual([]);
});
