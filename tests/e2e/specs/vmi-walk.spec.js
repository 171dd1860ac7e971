// The VMI walk against the real server (seed 003): a planner imports customer-article planning
// data for OEM-WOB, sees the customer's stock reports, generates sales proposals with the
// selection fields (customer, article, classification, sales planner, as-of date), edits one
// quantity and converts two proposals into one sales order (one order per customer, a line per
// article); then the customer user (OEM-WOB) sees their stock with its history chart, the open
// proposal, the order as a delivery on the way, and sends a stock report that reaches the server.
//
// Each project (desktop, phone) works on its own articles, planner and storage location, so the
// two runs do not depend on each other's order. Expected figures come from the demo data and
// the engine's rules (crates/engine/src/vmi/rules.rs), worked out in the comments below:
//   available = unreserved stock + open qty of the customer's sales lines shipping by
//               as-of + lead time;
//   a proposal when available <= reorder point; qty = fill-up − available, rounded up to lots.
const { test, expect } = require('@playwright/test');
const { base, signIn, token, entities } = require('./helpers');

const DAY_MS = 86_400_000;

// The demo's SO-1001 (HR-100, 240) ships 3 days and SO-1004 (AR-200, 60) 12 days after the day
// the server seeded its demo data; the ATP spec may place CH-400 orders for OEM-WOB.
const WALK = {
  desktop: {
    planner: 'walk-desk',
    location: 'WOB-VMI',
    lead: 20,
    // (article, lot, reorder point, min stock, fill-up, reports [qty, reserved] oldest first)
    rows: [
      // 70 − 10 reserved = 60, + SO-1004's 60 (ships day 12 ≤ day 20) = 120 ≤ 150
      // → 300 − 120 = 180 → 8 lots of 25 = 200
      ['AR-200', 25, 150, 75, 300, [[190, 0], [130, 0], [70, 10]]],
      // 35 ≤ 40 → 120 − 35 = 85 → 9 lots of 10 = 90
      ['HR-110', 10, 40, 20, 120, [[35, 0]]],
      // 80 − 20 = 60, + SO-1001's 240 (day 3) = 300 ≤ 300 → 600 − 300 = 300 → 6 lots of 50
      ['HR-100', 50, 300, 100, 600, [[80, 20]]],
    ],
    expected: { 'AR-200': 200, 'HR-110': 90, 'HR-100': 300 },
    selection: { articles: 'AR-200, HR-110, HR-100', class1: 'SEAT' },
    edit: ['AR-200', 225],
    convert: ['AR-200', 'HR-110'],
    open: 'HR-100',
    chart: { article: 'AR-200', unreserved: 60 },
  },
  phone: {
    planner: 'walk-phone',
    location: 'WOB-VMI2',
    lead: 7,
    rows: [
      // 12 − 2 = 10 ≤ 30 → 60 − 10 = 50 → 10 lots of 5 = 50
      ['CP-300', 5, 30, 10, 60, [[40, 0], [25, 0], [12, 2]]],
      // 15 ≤ 20 → 80 − 15 = 65 → 7 lots of 10 = 70
      ['CH-410', 10, 20, 10, 80, [[15, 0]]],
      // 40 + the open CH-400 lines of OEM-WOB shipping by day 7 (computed from the server)
      ['CH-400', 25, 100, 50, 250, [[40, 0]]],
    ],
    expected: { 'CP-300': 50, 'CH-410': 70, 'CH-400': null },
    selection: { articles: 'CP-300, CH-410, CH-400', class1: 'COCKPIT, INTERIOR' },
    edit: ['CH-410', 80],
    convert: ['CP-300', 'CH-410'],
    open: 'CH-400',
    chart: { article: 'CP-300', unreserved: 10 },
  },
};

/** rules.rs: the proposal quantity for an available quantity (0 = no proposal). */
function proposalQty(available, [, lot, rop, , fill]) {
  if (available > rop) return 0;
  const need = Math.max(fill, rop) - available;
  return need <= 0 ? 0 : Math.ceil(need / lot) * lot;
}

async function commandCount(request) {
  const res = await request.get(base() + '/api/v1/info');
  expect(res.ok()).toBeTruthy();
  return (await res.json()).commands;
}

const isoDay = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

test('VMI walk: planner generates, edits and converts proposals; the customer sees them and reports stock', async ({ page, browser, request }, info) => {
  const w = WALK[info.project.name];
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // The server's demo day, from the demo data itself (SO-1004 ships 12 days after it).
  const orders0 = await entities(request, 'planner', 'sales_order');
  const day = orders0['SO-1004'].lines[0].shipping_date - 12;
  const delivery = day + w.lead;
  // Derived from the server's open CH-400 lines (ATP spec), by the same rule as the engine.
  if (w.expected['CH-400'] === null) {
    const open = Object.values(orders0)
      .filter((o) => o.ship_to === 'OEM-WOB')
      .flatMap((o) => o.lines)
      .filter((l) => l.item === 'CH-400' && l.shipping_date <= delivery && l.delivered < l.qty)
      .reduce((s, l) => s + Math.max(0, l.qty - l.delivered - l.reserved), 0);
    w.expected['CH-400'] = proposalQty(40 + open, w.rows[2]);
  }

  // 1. The planner imports the customer-article planning data (CSV page).
  await signIn(page, 'planner');
  await page.goto(base() + '/planning/import');
  await page.getByTestId('csv-kind').selectOption('customer-articles');
  const csv = [
    'customer,article,sales_org,storage_location,lot_size,reorder_point,min_stock,fill_up,planner,lead_time_days',
    ...w.rows.map(([a, lot, rop, min, fill]) => `OEM-WOB,${a},DE,${w.location},${lot},${rop},${min},${fill},${w.planner},${w.lead}`),
  ].join('\n');
  await page.getByTestId('csv-file').setInputFiles({ name: 'planning.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('csv-row')).toHaveCount(3);
  await page.getByTestId('csv-import').click();
  await expect(page.getByTestId('csv-results').locator('li.ok')).toHaveCount(3);
  await expect(page.getByTestId('pending')).toHaveText('0 pending', { timeout: 30_000 });

  // 2. The customer's system reports stock (weekly, the last an hour ago) through the API.
  const ct = await token(request, 'customer');
  const now = Date.now();
  for (const [article, , , , , reports] of w.rows) {
    const res = await request.post(base() + '/api/v1/commands', {
      headers: { Authorization: `Bearer ${ct}` },
      data: {
        type: 'vmi',
        command: {
          type: 'report_stock',
          reports: reports.map(([qty, reserved], i) => ({
            customer: 'OEM-WOB',
            article,
            location: w.location,
            qty,
            reserved,
            as_of: new Date(now - 3_600_000 - (reports.length - 1 - i) * 7 * DAY_MS).toISOString(),
          })),
        },
      },
    });
    expect(res.status(), await res.text()).toBe(200);
  }

  // 3. The planner sees the reported stock (after a reload pulls it).
  await page.goto(base() + '/vmi');
  await expect(page.getByTestId('last-sync')).toContainText(/synced \d\d:\d\d/);
  const stockRow = page.getByTestId('vmi-stock').locator('tr', { hasText: w.location }).filter({ hasText: w.chart.article });
  await expect(stockRow.getByTestId('stock-unreserved')).toHaveText(String(w.chart.unreserved));

  // 4. Generate with the selection fields; the server gets one command per action.
  const before = await commandCount(request);
  await page.getByTestId('sel-org').selectOption('DE');
  await page.getByTestId('sel-customers').fill('OEM-WOB');
  await page.getByTestId('sel-articles').fill(w.selection.articles);
  await page.getByTestId('sel-class1').fill(w.selection.class1);
  await page.getByTestId('sel-planners').fill(w.planner);
  await page.getByTestId('sel-as-of').fill(isoDay(day));
  await page.getByTestId('vmi-generate').click();
  await expect(page.getByTestId('vmi-message')).toHaveText(/^Done: 3 proposal\(s\) created, 0 replaced/);
  const row = (article) =>
    page.getByTestId('vmi-proposals').locator('tr[data-proposal]')
      .filter({ has: page.locator('td:nth-child(3)', { hasText: /^OEM-WOB$/ }) })
      .filter({ has: page.locator('td:nth-child(4)', { hasText: new RegExp(`^${article}$`) }) });
  for (const [article, qty] of Object.entries(w.expected)) {
    await expect(row(article)).toHaveCount(1);
    await expect(row(article).getByTestId('proposal-qty')).toHaveValue(String(qty));
    await expect(row(article).locator('input[type=date]')).toHaveValue(isoDay(delivery));
  }
  await page.screenshot({ path: `screenshots/vmi-walk-planner-${info.project.name}.png`, fullPage: true });

  // 5. Edit one quantity.
  const [editArticle, editQty] = w.edit;
  await row(editArticle).getByTestId('proposal-qty').fill(String(editQty));
  await row(editArticle).getByTestId('proposal-save').click();
  await expect(page.getByTestId('vmi-message')).toContainText('Done: proposal');
  await expect(row(editArticle).locator('td:nth-child(7)')).toHaveText('edited');

  // 6. Convert two proposals: one order for OEM-WOB, a line per article.
  for (const a of w.convert) await row(a).getByRole('checkbox').check();
  await page.getByTestId('vmi-convert').click();
  await expect(page.getByTestId('vmi-message')).toContainText('Done: 2 proposal(s) converted into 1 sales order(s)');
  await expect(row(w.convert[0])).toHaveCount(0);
  await expect(row(w.open)).toHaveCount(1);
  await expect(page.getByTestId('pending')).toHaveText('0 pending', { timeout: 30_000 });
  await expect(page.getByTestId('inbox-button')).toHaveText('Refused: 0');

  // The server has generate, edit and convert exactly once each …
  expect(await commandCount(request)).toBe(before + 3);
  // … and exactly one new sales order with the engine's quantities.
  const orders1 = await entities(request, 'planner', 'sales_order');
  const added = Object.keys(orders1).filter((id) => !(id in orders0));
  expect(added).toHaveLength(1);
  const order = orders1[added[0]];
  expect(order.customer).toBe('OEM-WOB');
  const qtyOf = (a) => (a === editArticle ? editQty : w.expected[a]);
  expect(order.lines.map((l) => [l.item, l.qty, l.shipping_date])).toEqual(
    [...w.convert].sort().map((a) => [a, qtyOf(a), delivery]),
  );
  const proposals = Object.values(await entities(request, 'planner', 'sales_proposal'))
    .filter((p) => p.customer === 'OEM-WOB' && p.planner === w.planner);
  expect(proposals.map((p) => [p.article, p.qty, p.status]).sort()).toEqual(
    w.rows.map(([a]) => [a, qtyOf(a), w.convert.includes(a) ? 'converted' : 'new']).sort(),
  );
  expect(errors).toEqual([]);

  // 7. The customer, in a fresh context of the same device.
  const u = info.project.use;
  const context = await browser.newContext({
    viewport: u.viewport,
    userAgent: u.userAgent,
    deviceScaleFactor: u.deviceScaleFactor,
    isMobile: u.isMobile,
    hasTouch: u.hasTouch,
  });
  const cpage = await context.newPage();
  const cerrors = [];
  cpage.on('pageerror', (e) => cerrors.push(e.message));
  await signIn(cpage, 'customer');
  await cpage.goto(base() + '/vmi');
  await expect(cpage.getByRole('heading', { level: 1 })).toHaveText('Your stock — Volta Motors, plant Wolfsburg');
  const cStock = cpage.getByTestId('vmi-stock').locator('tr', { hasText: w.location }).filter({ hasText: w.chart.article });
  await expect(cStock.getByTestId('stock-unreserved')).toHaveText(String(w.chart.unreserved));
  // Only the customer's own stock.
  await expect(cpage.getByTestId('vmi-stock')).not.toContainText('OEM-LPZ');
  // The history chart of the article with three weekly reports.
  const fig = cpage.getByTestId('vmi-charts').locator('figure', { hasText: `${w.chart.article} · ${w.location}` });
  await expect(fig.locator('figcaption')).toHaveText(`${w.chart.article} · ${w.location} · 3`);
  await expect(fig.locator('svg circle')).toHaveCount(3);
  // The open proposal, and the order on the way with its two lines.
  const openQty = w.expected[w.open];
  await expect(cpage.getByTestId('vmi-customer-proposals')).toContainText(`${w.open} · ${openQty.toLocaleString('en')}`);
  const way = cpage.getByTestId('vmi-on-the-way');
  for (const a of w.convert) {
    await expect(way).toContainText(`${order.id} · ${a}: ${qtyOf(a).toLocaleString('en')} · ${isoDay(delivery)}`);
  }
  await cpage.screenshot({ path: `screenshots/vmi-walk-customer-${info.project.name}.png`, fullPage: true });

  // 8. The customer reports stock from the form; the server has it once.
  const c0 = await commandCount(request);
  await cpage.getByTestId('vmi-report-form').getByLabel('Article').selectOption({ label: `${w.chart.article} · ${w.location}` });
  await cpage.getByTestId('report-qty').fill('55');
  await cpage.getByTestId('report-reserved').fill('5');
  await cpage.getByTestId('report-submit').click();
  await expect(cpage.getByTestId('vmi-message')).toHaveText(`Done: stock report: 1 line(s) changed · OEM-WOB/${w.chart.article}/${w.location}: applied`);
  await expect(cStock.getByTestId('stock-unreserved')).toHaveText('50');
  await expect(fig.locator('svg circle')).toHaveCount(4);
  await expect(cpage.getByTestId('pending')).toHaveText('0 pending', { timeout: 30_000 });
  expect(await commandCount(request)).toBe(c0 + 1);
  const stock = Object.values(await entities(request, 'customer', 'customer_stock'))
    .find((s) => s.customer === 'OEM-WOB' && s.article === w.chart.article && s.location === w.location);
  expect(stock.history.map((p) => [p.qty, p.reserved])).toEqual([
    ...w.rows[0][5],
    [55, 5],
  ]);
  expect(cerrors).toEqual([]);
  await context.close();
});
