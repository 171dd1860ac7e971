// The VMI screens against the real server: the planner's view and the customer's view render
// their sections; the customer's view shows the demo customer's own figures, the language switches, and
// desktop + phone screenshots are saved.
const { test, expect } = require('@playwright/test');
const { base, signIn, entities } = require('./helpers');

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

test("the demo customer user sees their own stock, its history, proposals and what is on the way", async ({ page, request }, info) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The demo's VMI data of OEM-WOB at WOB-LAGER (crates/engine/src/demo.rs), read from the
  // server as the customer sees it; the expected proposal follows the engine's rule
  // (rules.rs): available = unreserved stock (no open sales lines of these articles);
  // a proposal when available <= reorder point, of fill-up − available rounded up to lots.
  const stock = Object.values(await entities(request, 'customer', 'customer_stock'))
    .filter((s) => s.customer === 'OEM-WOB' && s.location === 'WOB-LAGER');
  const planning = Object.values(await entities(request, 'customer', 'vmi_planning'))
    .filter((p) => p.customer === 'OEM-WOB' && p.storage_location === 'WOB-LAGER');
  expect(stock.map((s) => s.article).sort()).toEqual(['FM-600', 'SC-500']);
  expect(planning.map((p) => p.article).sort()).toEqual(['FM-600', 'SC-500']);
  const last = (s) => s.history[s.history.length - 1];
  const expected = {};
  for (const p of planning) {
    const s = stock.find((x) => x.article === p.article);
    const available = last(s).qty - last(s).reserved;
    const need = Math.max(p.fill_up, p.reorder_point) - available;
    expected[p.article] = { available, weeks: s.history.length, qty: available <= p.reorder_point ? Math.ceil(need / p.lot_size) * p.lot_size : 0 };
  }
  // Six weekly reports; SC-500 ran low (a proposal), FM-600 did not.
  expect(expected['SC-500'].weeks).toBe(6);
  expect(expected['SC-500'].qty).toBeGreaterThan(0);
  expect(expected['FM-600'].qty).toBe(0);
  const proposals = Object.values(await entities(request, 'customer', 'sales_proposal'))
    .filter((p) => p.customer === 'OEM-WOB' && ['SC-500', 'FM-600'].includes(p.article) && p.status === 'new');
  expect(proposals.map((p) => [p.article, p.qty])).toEqual([['SC-500', expected['SC-500'].qty]]);

  await signIn(page, 'customer');
  await page.goto(base() + '/vmi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your stock — Volta Motors, plant Wolfsburg');
  for (const [article, e] of Object.entries(expected)) {
    const row = page.getByTestId('vmi-stock').locator('tr', { hasText: 'WOB-LAGER' }).filter({ hasText: article });
    await expect(row.getByTestId('stock-unreserved')).toHaveText(e.available.toLocaleString('en'));
    const fig = page.getByTestId('vmi-charts').locator('figure', { hasText: `${article} · WOB-LAGER` });
    await expect(fig.locator('figcaption')).toHaveText(`${article} · WOB-LAGER · ${e.weeks}`);
    await expect(fig.locator('svg circle')).toHaveCount(e.weeks);
  }
  const own = page.getByTestId('vmi-customer-proposals');
  await expect(own).toContainText(`${proposals[0].id}: SC-500 · ${expected['SC-500'].qty.toLocaleString('en')}`);
  await expect(own).not.toContainText('FM-600');
  // The demo's open orders of OEM-WOB are on the way.
  await expect(page.getByTestId('vmi-on-the-way')).toContainText('SO-1001 · HR-100');
  await page.screenshot({ path: `screenshots/vmi-customer-${info.project.name}.png`, fullPage: true });
  await page.getByTestId('lang-select').selectOption('de');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Ihr Bestand');
  await page.screenshot({ path: `screenshots/vmi-customer-de-${info.project.name}.png`, fullPage: true });
  expect(errors).toEqual([]);
});
