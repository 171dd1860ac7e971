// ATP on a phone first: the answer appears as sales types, and works with the network off.
const { test, expect } = require('@playwright/test');

const base = () => process.env.TAKT_BASE_URL;

test('ATP answers at once, offers the comparable item, places the order offline', async ({ page, context }, info) => {
  await page.goto(base() + '/atp?demo=1');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Available to promise');
  await context.setOffline(true);
  await page.getByTestId('atp-customer').selectOption('OEM-WOB');
  await page.getByTestId('atp-item').selectOption('HR-100');
  await page.getByTestId('atp-qty').fill('100');
  await expect(page.getByTestId('atp-verdict')).toHaveText('Cannot promise');
  await expect(page.getByTestId('atp-alternatives')).toContainText('HR-110');
  await page.screenshot({ path: `screenshots/atp-red-${info.project.name}.png`, fullPage: true });
  await page.getByTestId('atp-item').selectOption('CH-400');
  await page.getByTestId('atp-qty').fill('50');
  await expect(page.getByTestId('atp-verdict')).toHaveText('Can promise');
  await page.getByTestId('atp-place-requested').click();
  await expect(page.getByTestId('atp-status')).toContainText('SO-1006');
  await page.screenshot({ path: `screenshots/atp-green-${info.project.name}.png`, fullPage: true });
  await context.setOffline(false);
});
