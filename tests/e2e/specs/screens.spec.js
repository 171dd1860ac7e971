// One screenshot of every main screen, desktop and phone, with real data from the server — and
// no screen may be wider than the viewport (a table scrolls inside its own box instead).
// Read-only: nothing here changes the server's data.
const { test, expect } = require('@playwright/test');
const { base, signIn, entities } = require('./helpers');

/** The page does not scroll sideways: wide content scrolls in its own container. */
async function fitsViewport(page) {
  const { scroll, client, wide } = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    // The outermost elements that stick out, to name in the failure.
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > client + 1)
      .filter((e) => !(e.parentElement && e.parentElement.getBoundingClientRect().right > client + 1))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
    return { scroll: document.documentElement.scrollWidth, client, wide };
  });
  expect(scroll, `page wider than the viewport: ${wide.join(', ')}`).toBeLessThanOrEqual(client + 2); // sub-pixel rounding at the phone's 2.625 scale
}

async function shot(page, name, info, { checkWidth = true } = {}) {
  if (checkWidth) await fitsViewport(page);
  await page.screenshot({ path: `screenshots/${name}-${info.project.name}.png`, fullPage: true });
}

test('every main screen of a planner, desktop and phone', async ({ page, request }, info) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base() + '/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await shot(page, 'screen-sign-in', info);
  await signIn(page, 'planner');
  await expect(page.getByTestId('local-summary')).not.toContainText(/^0 items/);
  await shot(page, 'screen-home', info);

  await page.goto(base() + '/jit');
  await expect(page.getByTestId('call-list')).toBeVisible();
  // Known: on a phone the JIT monitor is wider than the viewport (about 600 px of 412; the
  // cause is in the JIT pages, not found yet) — screenshot taken, width not asserted.
  await shot(page, 'screen-jit-monitor', info);

  const calls = Object.keys(await entities(request, 'planner', 'jit_call')).sort();
  expect(calls.length).toBeGreaterThan(0);
  await page.goto(base() + '/jit/calls/' + encodeURIComponent(calls[0]));
  await expect(page.getByTestId('call-facts')).toBeVisible();
  await shot(page, 'screen-call-detail', info);

  await page.goto(base() + '/planning');
  await page.getByTestId('run-regen').click();
  await expect(page.getByTestId('run-status')).toContainText('items planned');
  await shot(page, 'screen-planning-worksheet', info);

  await page.goto(base() + '/planning/items/HR-100');
  await expect(page.locator('[data-testid=card-chart] svg')).toBeVisible();
  await shot(page, 'screen-mrp-card', info);

  await page.goto(base() + '/planning/import');
  await page.getByTestId('csv-kind').selectOption('items');
  await page.getByTestId('csv-file').setInputFiles({
    name: 'items.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('id,description,unit\nNEW-1,A new item,PCS\n,missing id,PCS\n'),
  });
  await expect(page.getByTestId('csv-row')).toHaveCount(2);
  await shot(page, 'screen-csv-import', info);

  await page.goto(base() + '/atp');
  await page.getByTestId('atp-customer').selectOption('OEM-LPZ');
  await page.getByTestId('atp-item').selectOption('HR-100');
  await page.getByTestId('atp-qty').fill('50');
  await expect(page.getByTestId('atp-verdict')).toBeVisible();
  await shot(page, 'screen-atp', info);

  await page.goto(base() + '/vmi');
  await expect(page.getByTestId('vmi-planning')).toBeVisible();
  await shot(page, 'screen-vmi-planner', info);

  // German: the same screens read in German, engine messages included.
  await page.getByTestId('lang-select').selectOption('de');
  await page.getByTestId('sel-org').selectOption('');
  await page.getByTestId('vmi-generate').click();
  await expect(page.getByTestId('vmi-message')).toContainText('Abgelehnt');
  await shot(page, 'screen-vmi-planner-de', info);
  await page.getByTestId('lang-select').selectOption('en');
  expect(errors).toEqual([]);
});

test('the customer screen, desktop and phone', async ({ page }, info) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'customer');
  await page.goto(base() + '/vmi');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Your stock');
  await shot(page, 'screen-vmi-customer', info);
  expect(errors).toEqual([]);
});
