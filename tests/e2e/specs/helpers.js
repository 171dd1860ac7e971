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

module.exports = { base, signIn, token, entities };
