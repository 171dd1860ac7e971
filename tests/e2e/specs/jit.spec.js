// The JIT monitor and call detail against the real server: structure (the server's demo data
// changes, so figures are read from the server), the list export, the language switch persisted across a reload, and
// desktop + phone screenshots.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const { base, signIn, entities } = require('./helpers');

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

/** CSV records (RFC 4180 quoting) of a text. */
function parseCsv(text) {
  const out = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n') { row.push(field); out.push(row); row = []; field = ''; }
    else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length) { row.push(field); out.push(row); }
  return out;
}

test('the call list exports what its filters show', async ({ page, request }) => {
  await signIn(page, 'planner');
  await page.goto(base() + '/jit');
  await page.getByTestId('filter-type').selectOption('sequenced');
  // The server's sequenced calls and their components are what the export must hold.
  const calls = Object.values(await entities(request, 'planner', 'jit_call'))
    .filter((c) => c.kind.type === 'sequenced');
  expect(calls.length).toBeGreaterThan(0);
  await expect(page.getByTestId('shown-count')).toHaveText(calls.length.toLocaleString('en'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('button[data-file="jit-calls.csv"]').click(),
  ]);
  expect(download.suggestedFilename()).toBe('jit-calls.csv');
  const text = fs.readFileSync(await download.path(), 'utf8');
  const [header, ...rows] = parseCsv(text);
  const col = (n) => header.indexOf(n);
  expect(rows).toHaveLength(calls.reduce((n, c) => n + c.components.length, 0));
  const byCall = new Map(calls.map((c) => [c.id, c]));
  for (const r of rows) {
    const c = byCall.get(r[col('call')]);
    expect(c, r.join(',')).toBeDefined();
    expect(r[col('type')]).toBe('sequenced');
    expect(r[col('sequence_no')]).toBe(String(c.kind.sequence_no));
    expect(r[col('call_status')]).toBe(c.status);
    const k = c.components.find((x) => String(x.position) === r[col('position')]);
    expect(r[col('qty')]).toBe(String(k.qty));
  }
  expect(new Set(rows.map((r) => r[col('call')])).size).toBe(calls.length);
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
