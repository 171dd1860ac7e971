// Warm start: with 100,000 JIT calls and 10,000 items in IndexedDB and the build in the service
// worker's cache, how long an offline reload takes to reach an interactive start page.
//
// Interactive = the start page shows the local summary computed from the loaded data (its item
// and JIT call counts equal the data set's) AND the main thread is free: the check runs in a
// requestAnimationFrame callback, which cannot run while the app is still busy. The figure is
// `performance.now()` at that moment, i.e. milliseconds since the reload's navigation start.
// Each figure is taken twice: from the snapshot record (the confirmed state as one binary record,
// src/persist.rs) and, after deleting it, from the entity records one by one, i.e. the way
// every start read them before the snapshot existed (and the first start after the upgrade).
// The app's own marks (src/persist.rs: takt:load-start / takt:load-end) give the local load's
// share. Printed, never asserted (a benchmark, not a test).
const { test, expect } = require('@playwright/test');

const RUNS = Number(process.env.TAKT_WARM_RUNS || 5);
const base = () => process.env.TAKT_BASE_URL;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * One request on the planner's IndexedDB: `count` of the entity records, `snapshot` (whether
 * the snapshot record is there) or `drop-snapshot`. 0 / false while the database is not there.
 */
async function onDb(page, what) {
  return page.evaluate(
    (what) =>
      new Promise((resolve) => {
        const open = indexedDB.open('takt-planner');
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('entities')) {
            db.close();
            return resolve(0);
          }
          const store = (name, mode) => db.transaction(name, mode).objectStore(name);
          const request =
            what === 'count'
              ? store('entities').count()
              : what === 'snapshot'
                ? store('meta').count('snapshot')
                : store('meta', 'readwrite').delete('snapshot');
          request.onsuccess = () => {
            db.close();
            resolve(request.result || 0);
          };
          request.onerror = () => resolve(0);
        };
      }),
    what,
  );
}

/** Reloads (offline) and returns the timings once the start page is interactive. */
async function reloadUntilInteractive(page, expected, calls) {
  await page.reload({ waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    ([items, jit]) => {
      const el = document.querySelector('[data-testid="local-summary"]');
      const text = el ? el.textContent : '';
      if (!text.startsWith(items) || !text.includes(jit)) return false;
      const mark = (name) => {
        const m = performance.getEntriesByName(name);
        return m.length ? m[m.length - 1].startTime : null;
      };
      return {
        interactive: performance.now(),
        loadStart: mark('takt:load-start'),
        loadEnd: mark('takt:load-end'),
        snapshotRead: mark('takt:snapshot-read'),
        snapshotParsed: mark('takt:snapshot-parsed'),
        controlled: navigator.serviceWorker.controller !== null,
        offline: !navigator.onLine,
      };
    },
    [expected, calls],
    { polling: 'raf', timeout: 300_000 },
  );
  const r = await handle.jsonValue();
  expect(r.controlled).toBe(true);
  expect(r.offline).toBe(true);
  return r;
}

const ms = (x) => (x === null || x === undefined ? '-' : `${Math.round(x)} ms`);

function report(title, runs) {
  const inter = runs.map((r) => r.interactive);
  const load = runs.map((r) => (r.loadEnd !== null && r.loadStart !== null ? r.loadEnd - r.loadStart : null));
  console.log(`  ${title}:`);
  runs.forEach((r, i) =>
    console.log(
      `    run ${i + 1}: interactive ${ms(r.interactive)} (IndexedDB load ${ms(load[i])}, from ${ms(r.loadStart)}` +
        (r.snapshotRead !== null && r.snapshotRead > r.loadStart
          ? `; snapshot read ${ms(r.snapshotRead - r.loadStart)}, parsed ${ms(r.snapshotParsed - r.snapshotRead)}, view and pending ${ms(r.loadEnd - r.snapshotParsed)}`
          : '') +
        ')',
    ),
  );
  console.log(`    interactive: median ${ms(median(inter))}, max ${ms(Math.max(...inter))}`);
  if (load.every((x) => x !== null)) {
    console.log(`    IndexedDB load: median ${ms(median(load))}, max ${ms(Math.max(...load))}`);
  }
}

test('warm start offline with 100,000 JIT calls and 10,000 items', async ({ page, context }) => {
  const records = Number(process.env.TAKT_WARM_RECORDS);
  const counts = JSON.parse(process.env.TAKT_WARM_COUNTS);
  // The summary formats counts for the UI's language (English: 10,024).
  const n = (x) => x.toLocaleString('en-US');
  const expected = `${n(counts.item)} items`;
  const calls = `${n(counts.jit_call)} JIT calls`;
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // One online visit: sign in, sync the whole set into IndexedDB, let the service worker cache
  // the build and take control.
  const syncStart = Date.now();
  await page.goto(base() + '/');
  await page.getByLabel('Name').fill('planner');
  await page.getByLabel('Password').fill('planner');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('local-summary')).toContainText(calls);
  await expect(page.getByTestId('last-sync')).toContainText(/synced \d\d:\d\d/);
  await expect.poll(() => onDb(page, 'count'), { intervals: [500] }).toBe(records);
  // The sync round's closing save writes the snapshot.
  await expect.poll(() => onDb(page, 'snapshot'), { intervals: [500] }).toBe(1);
  const syncMs = Date.now() - syncStart;
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 30_000 }).catch(async () => {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  });

  await context.setOffline(true);
  const snapshot = [];
  for (let i = 0; i < RUNS; i += 1) snapshot.push(await reloadUntilInteractive(page, expected, calls));
  // The same start without the snapshot: the app reads the records and writes it again.
  const records1by1 = [];
  for (let i = 0; i < Math.min(RUNS, 3); i += 1) {
    await onDb(page, 'drop-snapshot');
    records1by1.push(await reloadUntilInteractive(page, expected, calls));
    await expect.poll(() => onDb(page, 'snapshot'), { intervals: [500] }).toBe(1);
  }
  await context.setOffline(false);
  expect(errors).toEqual([]);

  console.log(`\nwarm start, offline, ${records} records (${counts.jit_call} JIT calls, ${counts.item} items):`);
  console.log(`  first sync (sign-in to all records and the snapshot stored): ${(syncMs / 1000).toFixed(1)} s`);
  report(`from the snapshot, ${snapshot.length} reloads`, snapshot);
  report(`from the entity records (no snapshot: before it existed), ${records1by1.length} reloads`, records1by1);
});
