// Code splitting (src/areas.rs, xtask/src/split.rs): the start loads only the main bundle,
// each area's chunk (and the rejection inbox's panel) is fetched when it is opened, every area opens offline after one
// online visit (the service worker caches the chunks), and a chunk that cannot be loaded
// shows an error with a retry in the page instead of breaking the app.
const { test, expect } = require('@playwright/test');
const { base, signIn } = require('./helpers');

const AREAS = [
  ['JIT', '/jit'],
  ['Planning', '/planning'],
  ['ATP', '/atp'],
  ['VMI', '/vmi'],
];

/** A lazily loaded chunk: one of the app's wasm files other than the main module. */
const isChunk = (url) => /\/takt-app-[^/]*\.wasm$/.test(new URL(url).pathname) && !url.endsWith('_bg.wasm');

function recordWasm(page) {
  const seen = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('.wasm')) seen.push(r.url());
  });
  return seen;
}

async function open(page, label, path) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: label, exact: true }).click();
  await expect(page).toHaveURL(base() + path);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.getByTestId('chunk-error')).toHaveCount(0);
}

test('the start loads only the main wasm; each area fetches its chunk when opened', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const wasm = recordWasm(page);
  await signIn(page, 'planner');
  await expect(page.getByTestId('local-summary')).not.toContainText(/^0 items/);
  expect(wasm.filter((u) => u.endsWith('_bg.wasm')).length).toBeGreaterThan(0);
  expect(wasm.filter(isChunk)).toEqual([]);
  let before = 0;
  for (const [label, path] of AREAS) {
    await open(page, label, path);
    const chunks = wasm.filter(isChunk);
    expect(chunks.length, `${label} fetched its chunk`).toBeGreaterThan(before);
    before = chunks.length;
  }
  // A second visit to an area does not fetch again.
  await open(page, 'JIT', '/jit');
  expect(wasm.filter(isChunk).length).toBe(before);
  expect(errors).toEqual([]);
});

test('every area opens offline after one online visit', async ({ page, context }) => {
  await signIn(page, 'planner');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 30_000 }).catch(async () => {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  });
  const sw = await (await page.request.get(base() + '/sw.js')).text();
  const wasm = recordWasm(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('connectivity')).toHaveText('Offline');
  for (const [label, path] of AREAS) {
    await open(page, label, path);
  }
  // The rejection inbox's panel is a chunk too.
  await page.getByTestId('inbox-button').click();
  await expect(page.getByTestId('inbox')).toBeVisible();
  await expect(page.getByTestId('chunk-error')).toHaveCount(0);
  await page.getByTestId('inbox-button').click();
  // The chunks came from the service worker's cache, which lists each of them.
  const chunks = wasm.filter(isChunk);
  expect(chunks.length).toBeGreaterThan(0);
  for (const url of chunks) expect(sw).toContain(`"${new URL(url).pathname}"`);
  // An area's URL loaded offline (the service worker serves the shell, the router the area).
  await page.goto(base() + '/planning');
  await expect(page.getByTestId('chunk-error')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await context.setOffline(false);
});

test('a chunk that cannot be loaded shows an error and a retry; the shell keeps working', async ({ browser }) => {
  // No service worker: the page's own requests can be refused.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let refuse = true;
  await page.route(
    (url) => isChunk(url.href),
    (route) => (refuse ? route.abort('internetdisconnected') : route.continue()),
  );
  await signIn(page, 'planner');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'ATP', exact: true }).click();
  await expect(page.getByTestId('chunk-error')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be loaded' })).toBeVisible();
  // The shell still works: the start page renders, then the area loads on retry.
  await page.locator('a.brand').click();
  await expect(page.getByTestId('local-summary')).toBeVisible();
  await nav.getByRole('link', { name: 'ATP', exact: true }).click();
  await expect(page.getByTestId('chunk-error')).toBeVisible();
  refuse = false;
  await page.getByTestId('chunk-retry').click();
  await expect(page.getByTestId('chunk-error')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});
