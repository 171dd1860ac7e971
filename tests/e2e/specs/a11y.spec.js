// Accessibility of every main screen, checked by axe-core (an independent WCAG checker) in
// real Chromium against the real server's demo data: WCAG 2.1 A and AA rules, which include
// colour contrast (AA: 4.5:1 for text, 3:1 for large text), labels on every control, names
// on buttons and links, heading and landmark structure, and valid ARIA. Run on desktop and
// phone, in English and German. A violation fails with the rule, the element and axe's
// explanation. States that only a walk reaches (ATP verdicts, the EDI error list, the
// rejection inbox) are checked in those walks' specs.
const { test, expect } = require('@playwright/test');
const { base, signIn, violations } = require('./helpers');

const PLANNER_SCREENS = [
  ['/', 'home'],
  ['/jit', 'JIT monitor'],
  ['/planning', 'planning worksheet'],
  ['/planning/items/HR-100', 'MRP card'],
  ['/planning/import', 'CSV import'],
  ['/atp', 'ATP'],
  ['/vmi', 'VMI planner'],
];

test('the sign-in screen passes WCAG 2.1 AA', async ({ page }) => {
  await page.goto(base() + '/');
  await expect(page.getByLabel('Password')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

for (const lang of ['en', 'de']) {
  test(`the planner's screens pass WCAG 2.1 AA (${lang})`, async ({ page }) => {
    await signIn(page, 'planner');
    await page.getByTestId('lang-select').selectOption(lang);
    const found = [];
    for (const [path, name] of PLANNER_SCREENS) {
      await page.goto(base() + path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      // Screens fill in after the local data loads: wait until the main content is there.
      await expect(page.getByTestId('last-sync')).toContainText(/\d\d:\d\d/);
      for (const v of await violations(page)) found.push(`${name} (${path}): ${v}`);
    }
    expect(found).toEqual([]);
  });
}

test("the customer's screen passes WCAG 2.1 AA", async ({ page }) => {
  await signIn(page, 'customer');
  await page.goto(base() + '/vmi');
  await expect(page.getByTestId('vmi-charts').locator('svg').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the JIT call detail passes WCAG 2.1 AA', async ({ page }) => {
  await signIn(page, 'planner');
  await page.goto(base() + '/jit');
  const first = page.getByTestId('call-list').locator('a').first();
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
