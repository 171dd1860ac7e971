// Shared steps of the end-to-end specs.
const { expect } = require('@playwright/test');

const base = () => process.env.TAKT_BASE_URL;

/** Signs in through the form (demo users: the password is the name) and waits for the first sync. */
async function signIn(page, name, password = name) {
  await page.goto(base() + '/');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user')).toContainText(name);
  await expect(page.getByTestId('last-sync')).toContainText(/synced \d\d:\d\d/);
}

/** A bearer token for API checks. */
async function token(request, name) {
  const res = await request.post(base() + '/api/v1/login', { data: { name, password: name } });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).token;
}

/** Every entity of a kind the user may see, by id, from a full pull. */
async function entities(request, name, kind) {
  const t = await token(request, name);
  const out = {};
  let cursor = 0;
  for (;;) {
    const res = await request.get(`${base()}/api/v1/pull?cursor=${cursor}&limit=5000`, {
      headers: { Authorization: `Bearer ${t}` },
    });
    const page = await res.json();
    for (const c of page.changes) if (c.kind === kind) out[c.id] = c.body;
    cursor = page.cursor;
    if (!page.more) return out;
  }
}

const AXE = require.resolve('axe-core/axe.min.js');

/** axe's WCAG 2.1 A/AA violations on the current page, as readable lines. */
async function violations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`),
      count: v.nodes.length,
    }));
  });
  return result.map((v) => `${v.id} (${v.count}×): ${v.help}\n    ${v.nodes.join('\n    ')}`);
}

/**
 * The size in bytes of the start snapshot in `user`'s IndexedDB (src/persist.rs: a Uint8Array
 * under key `snapshot` of the `meta` store); 0 when there is none or it is not binary.
 */
async function snapshotBytes(page, user) {
  return page.evaluate(
    (user) =>
      new Promise((resolve) => {
        const open = indexedDB.open(`takt-${user}`);
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('meta')) {
            db.close();
            return resolve(0);
          }
          const request = db.transaction('meta').objectStore('meta').get('snapshot');
          request.onsuccess = () => {
            db.close();
            const v = request.result;
            resolve(v instanceof Uint8Array ? v.byteLength : 0);
          };
          request.onerror = () => resolve(0);
        };
      }),
    user,
  );
}

module.exports = { base, signIn, token, entities, violations, snapshotBytes };
