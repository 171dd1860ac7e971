// The planning worksheet and the item MRP card in the built app, on the demo data the page
// seeds with ?demo=1 (the store is local; no server data needed).
const { test, expect } = require('@playwright/test');

const base = () => process.env.TAKT_BASE_URL;

test('run the plan, accept a line, see the purchase order', async ({ page }, info) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base() + '/planning?demo=1');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Planning');
  await page.getByTestId('run-regen').click();
  await expect(page.getByTestId('run-status')).toContainText('items planned');
  const lines = page.getByTestId('plan-line');
  await expect(lines.first()).toBeVisible();
  const before = await lines.count();
  expect(before).toBeGreaterThan(0);
  await page.screenshot({ path: `screenshots/planning-worksheet-${info.project.name}.png`, fullPage: true });
  // Accept the first line: the engine confirms, the worksheet is re-planned.
  await lines.first().getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByTestId('command-status')).toHaveClass(/ok/);
  await expect(page.getByTestId('purchase-orders')).toContainText('PO-5003');
  // Look-ahead and the delay of a purchase order.
  await page.getByTestId('po-select').selectOption('PO-5001');
  await page.getByTestId('po-new-due').fill('2099-01-01');
  await page.getByTestId('po-new-due').dispatchEvent('change');
  await expect(page.getByTestId('po-apply')).toBeEnabled();
  expect(errors).toEqual([]);
});

test('the MRP card shows periods, a chart and rejects a negative reorder quantity', async ({ page }, info) => {
  await page.goto(base() + '/planning/items/HR-100?demo=1');
  await expect(page.getByTestId('card-item')).toHaveText('HR-100');
  await expect(page.getByTestId('card-row').first()).toBeVisible();
  await expect(page.locator('[data-testid=card-chart] svg')).toBeVisible();
  await page.getByTestId('period').selectOption('day');
  await expect(page.getByTestId('card-row')).toHaveCount(28);
  await page.locator('input[name=reorder_qty]').fill('-5');
  await page.locator('input[name=reorder_qty]').dispatchEvent('change');
  await page.getByTestId('params-save').click();
  await expect(page.getByTestId('params-status')).toContainText('reorder_qty');
  await page.screenshot({ path: `screenshots/planning-card-${info.project.name}.png`, fullPage: true });
});
