// Sales on a phone: ATP answers at once from the local store, offers the comparable item, and
// an order placed offline survives a reload and reaches the server exactly once when online.
const { test, expect } = require('@playwright/test');
const { base, signIn, entities, violations } = require('./helpers');

test('ATP offline: place an order, reload, go online, the server has it once', async ({ page, context, request }, info) => {
  await signIn(page, 'sales');
  await page.goto(base() + '/atp');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Available to promise');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 30_000 }).catch(() => page.reload());
  await context.setOffline(true);
  await page.getByTestId('atp-customer').selectOption('OEM-WOB');
  await page.getByTestId('atp-item').selectOption('HR-100');
  await page.getByTestId('atp-qty').fill('100000');
  await expect(page.getByTestId('atp-verdict')).toHaveText('Cannot promise');
  await page.screenshot({ path: `screenshots/atp-red-${info.project.name}.png`, fullPage: true });
  expect(await violations(page)).toEqual([]);
  await page.getByTestId('atp-item').selectOption('CH-400');
  await page.getByTestId('atp-qty').fill('7');
  await expect(page.getByTestId('atp-verdict')).toHaveText('Can promise');
  await page.getByTestId('atp-place-requested').click();
  await expect(page.getByTestId('atp-status')).toContainText('SO-');
  const placed = (await page.getByTestId('atp-status').textContent()).match(/SO-\d+/)[0];
  await expect(page.getByTestId('pending')).toHaveText('1 pending');
  await page.screenshot({ path: `screenshots/atp-green-${info.project.name}.png`, fullPage: true });
  expect(await violations(page)).toEqual([]);
  // Closed and reopened offline: the command is still queued.
  await page.reload();
  await expect(page.getByTestId('connectivity')).toHaveText('Offline');
  await expect(page.getByTestId('pending')).toHaveText('1 pending');
  await context.setOffline(false);
  await expect(page.getByTestId('pending')).toHaveText('0 pending', { timeout: 30_000 });
  const orders = await entities(request, 'planner', 'sales_order');
  expect(orders[placed].lines.map((l) => [l.item, l.qty])).toEqual([['CH-400', 7]]);
  await expect(page.getByTestId('inbox-button')).toHaveText('Refused: 0');
});
