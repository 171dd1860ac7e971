// Two planners edit the same JIT call while both are offline: each releases it to production.
// The first to come back online wins; the server refuses the second one's command (the call is
// no longer "received"), both browsers converge on the server's state, and the refused command
// waits in the second planner's inbox with the engine's reason, to retry or discard.
const { test, expect } = require('@playwright/test');
const { base, signIn, entities, violations } = require('./helpers');

test('a conflict made offline is refused by the server, shown in the inbox, and both converge', async ({ browser, request }, info) => {
  // A call nobody has touched: received, in the demo data (each project takes its own).
  const calls = await entities(request, 'planner', 'jit_call');
  const received = Object.keys(calls).filter((id) => calls[id].status === 'received').sort();
  expect(received.length).toBeGreaterThan(0);
  const call = received[info.project.name === 'phone' ? received.length - 1 : 0];

  const a = await browser.newContext();
  const b = await browser.newContext();
  const pa = await a.newPage();
  const pb = await b.newPage();
  const errors = [];
  for (const p of [pa, pb]) p.on('pageerror', (e) => errors.push(e.message));
  await signIn(pa, 'planner');
  await signIn(pb, 'planner2');
  for (const p of [pa, pb]) {
    await p.goto(`${base()}/jit/calls/${call}`);
    await expect(p.getByTestId('call-status')).toHaveText('received');
    await expect(p.getByTestId('last-sync')).toContainText(/synced \d\d:\d\d/);
  }

  // Both offline; both release the same call; each sees its own change at once.
  await a.setOffline(true);
  await b.setOffline(true);
  for (const p of [pa, pb]) {
    await expect(p.getByTestId('connectivity')).toHaveText('Offline');
    await p.locator('button[data-step=release_to_production]').click();
    await expect(p.getByTestId('call-status')).toHaveText('released to production');
    await expect(p.getByTestId('pending')).toHaveText('1 pending');
  }

  // A comes back first: applied. Then B: refused by the server.
  await a.setOffline(false);
  await expect(pa.getByTestId('pending')).toHaveText('0 pending', { timeout: 30_000 });
  await expect(pa.getByTestId('inbox-button')).toHaveText('Refused: 0');
  await b.setOffline(false);
  await expect(pb.getByTestId('pending')).toHaveText('0 pending', { timeout: 30_000 });
  await expect(pb.getByTestId('inbox-button')).toHaveText('Refused: 1');

  // Converged: both show the server's state, which has the call released once.
  const server = (await entities(request, 'planner', 'jit_call'))[call];
  expect(server.status).toBe('released_to_production');
  for (const p of [pa, pb]) {
    await p.getByRole('button', { name: 'Sync now' }).click();
    await expect(p.getByTestId('call-status')).toHaveText('released to production');
  }

  // The inbox names the command and the engine's reason.
  await pb.getByTestId('inbox-button').click();
  const item = pb.getByTestId('rejected');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('jit.release_to_production');
  await expect(item.locator('.reason')).toContainText(call);
  await pb.screenshot({ path: `screenshots/conflict-inbox-${info.project.name}.png`, fullPage: true });
  expect(await violations(pb)).toEqual([]);

  // Retry: the local engine refuses it again at once (the call is released already), so it
  // stays in the inbox with the reason.
  await item.getByRole('button', { name: 'Retry' }).click();
  await expect(pb.getByTestId('inbox').getByRole('status')).toContainText(call);
  await expect(pb.getByTestId('rejected')).toHaveCount(1);
  await expect(pb.getByTestId('pending')).toHaveText('0 pending');

  // Discard: gone, and still gone after a reload (saved).
  await item.getByRole('button', { name: 'Discard' }).click();
  await expect(pb.getByTestId('rejected')).toHaveCount(0);
  await expect(pb.getByTestId('inbox-button')).toHaveText('Refused: 0');
  await pb.reload();
  await expect(pb.getByTestId('inbox-button')).toHaveText('Refused: 0');
  await expect(pb.getByTestId('call-status')).toHaveText('released to production');

  expect(errors).toEqual([]);
  await a.close();
  await b.close();
});
