// A customer user sees nothing of other customers: not from the server (pulls are filtered),
// not by typing URLs of other areas or other customers' pages, and not after editing the
// session in localStorage or putting other customers' records into IndexedDB — online the
// server's /api/v1/me decides who the user is, offline the user recorded with the local data
// for this token does, and data outside the user's scope is not loaded.
const { test, expect } = require('@playwright/test');
const { base, signIn, token, entities } = require('./helpers');

const OWN = 'OEM-WOB';

/** Ids and names of other customers' data in the demo set, as the planner's pull has them. */
async function foreign(request) {
  const out = { strings: new Set(), records: [] };
  const customers = await entities(request, 'planner', 'customer');
  for (const [id, c] of Object.entries(customers)) {
    if (id === OWN) continue;
    out.strings.add(id);
    out.strings.add(c.name);
    out.records.push({ kind: 'customer', id, version: 1, body: c });
  }
  const orders = await entities(request, 'planner', 'sales_order');
  for (const [id, o] of Object.entries(orders)) {
    if (o.customer === OWN) continue;
    out.strings.add(id);
    out.records.push({ kind: 'sales_order', id, version: 1, body: o });
  }
  // The demo's JIT calls are all OEM-WOB's: one of them, moved to another customer under a
  // new id, stands for another customer's call.
  const calls = await entities(request, 'planner', 'jit_call');
  const [someId, some] = Object.entries(calls)[0];
  const call = { ...some, id: 'JC-FOREIGN-1', customer: 'OEM-LPZ' };
  expect(someId).toMatch(/^JC-/);
  out.strings.add(call.id);
  out.records.push({ kind: 'jit_call', id: call.id, version: 1, body: call });
  const stock = await entities(request, 'planner', 'customer_stock');
  for (const [id, s] of Object.entries(stock)) {
    if (s.customer === OWN) continue;
    out.records.push({ kind: 'customer_stock', id, version: 1, body: s });
  }
  return out;
}

async function expectNothingForeign(page, f) {
  await expect(page.locator('main')).not.toBeEmpty();
  const text = await page.locator('body').innerText();
  for (const s of f.strings) expect(text, `page ${page.url()} shows ${s}`).not.toContain(s);
}

async function expectCustomerShell(page) {
  await expect(page.getByTestId('user')).toHaveText('customer (customer)');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['VMI']);
}

test('a customer sees no other customer, whatever the URL, localStorage or IndexedDB say', async ({ page, context, request }, info) => {
  const f = await foreign(request);
  expect(f.strings.has('OEM-LPZ')).toBeTruthy();

  // The server: a customer's full pull holds nothing of other customers.
  const t = await token(request, 'customer');
  const pulled = await request.get(`${base()}/api/v1/pull?cursor=0&limit=50000`, { headers: { Authorization: `Bearer ${t}` } });
  const body = JSON.stringify(await pulled.json());
  for (const s of f.strings) expect(body).not.toContain(JSON.stringify(s));
  const me = await (await request.get(`${base()}/api/v1/me`, { headers: { Authorization: `Bearer ${t}` } })).json();
  expect(me).toEqual({ name: 'customer', role: 'customer', customers: [OWN] });

  await signIn(page, 'customer');
  await expectCustomerShell(page);

  // URLs of other areas and of other customers' pages.
  const otherCall = 'JC-FOREIGN-1';
  for (const path of ['/', '/vmi', '/planning', '/jit', '/atp', `/jit/calls/${otherCall}`, '/vmi/customer/OEM-LPZ', '/vmi/customer/DLR-NORD']) {
    await page.goto(base() + path);
    await expectCustomerShell(page);
    await expectNothingForeign(page, f);
  }
  await page.goto(base() + '/vmi/customer/OEM-LPZ');
  await expect(page.getByTestId('not-yours')).toBeVisible();
  await page.goto(base() + '/planning');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not available');

  // localStorage edited to a planner of another customer, online: the server's word wins.
  const tamper = () =>
    page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('takt.session'));
      s.user.role = 'planner';
      s.user.customers = ['OEM-LPZ'];
      localStorage.setItem('takt.session', JSON.stringify(s));
    });
  await tamper();
  await page.goto(base() + '/vmi/customer/OEM-LPZ');
  await expectCustomerShell(page);
  await expect(page.getByTestId('not-yours')).toBeVisible();
  await expectNothingForeign(page, f);
  const fixed = await page.evaluate(() => JSON.parse(localStorage.getItem('takt.session')).user);
  expect(fixed).toEqual({ name: 'customer', role: 'customer', customers: [OWN] });

  // Other customers' records put into this user's IndexedDB, and the session edited again,
  // then started offline (service worker): the stored scope wins, foreign records stay out.
  await page.goto(base() + '/vmi');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 30_000 }).catch(async () => {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  });
  await page.evaluate(async (records) => {
    const db = await new Promise((ok, bad) => {
      const r = indexedDB.open('takt-customer');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => bad(r.error);
    });
    await new Promise((ok, bad) => {
      const tx = db.transaction('entities', 'readwrite');
      const store = tx.objectStore('entities');
      for (const c of records) store.put(JSON.stringify(c), `${c.kind}|${c.id}`);
      tx.oncomplete = ok;
      tx.onerror = () => bad(tx.error);
    });
    db.close();
  }, f.records);
  await context.setOffline(true);
  await tamper();
  for (const path of ['/vmi', '/vmi/customer/OEM-LPZ', '/jit', `/jit/calls/${otherCall}`, '/']) {
    await page.goto(base() + path);
    await expect(page.getByTestId('connectivity')).toHaveText('Offline');
    await expectCustomerShell(page);
    await expectNothingForeign(page, f);
  }
  await page.screenshot({ path: `screenshots/isolation-offline-${info.project.name}.png`, fullPage: true });

  // A session naming another user (the planner's local database) is not opened offline.
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('takt.session'));
    s.user = { name: 'planner', role: 'planner', customers: [] };
    localStorage.setItem('takt.session', JSON.stringify(s));
  });
  await page.goto(base() + '/jit');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('cannot be checked offline');
  await expectNothingForeign(page, f);

  // Back online, the saved session is fixed by the server and the user is the customer again.
  await context.setOffline(false);
  await page.evaluate(() => localStorage.removeItem('takt.session'));
  await signIn(page, 'customer');
  await expectCustomerShell(page);
  await page.goto(base() + '/vmi/customer/DLR-NORD');
  await expectNothingForeign(page, f);
});
