// `cargo xtask run` from the checkout serves the app on the port asked for, and Ctrl-C
// (SIGINT to its process group) stops it cleanly.
const { test, expect } = require('@playwright/test');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort } = require('../server.js');

test('cargo xtask run serves the app and stops on Ctrl-C', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'one run is enough');
  test.setTimeout(20 * 60_000);
  const root = process.env.TAKT_ROOT;
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-run-'));
  let log = '';
  const child = spawn('cargo', ['xtask', 'run', '--port', String(port), '--data-dir', dataDir], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  try {
    const base = `http://127.0.0.1:${port}`;
    await expect
      .poll(
        async () => {
          if (child.exitCode !== null) throw new Error('cargo xtask run exited:\n' + log);
          try {
            return (await fetch(base + '/health')).status;
          } catch (_) {
            return 0;
          }
        },
        { timeout: 18 * 60_000, intervals: [1000] },
      )
      .toBe(200);
    await page.goto(base + '/planning');
    await page.getByLabel('Name').fill('planner');
    await page.getByLabel('Password').fill('planner');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'ATP' })).toBeVisible();
    await expect(page).toHaveURL(base + '/planning');
    expect(fs.existsSync(path.join(dataDir, 'takt.sqlite3'))).toBeTruthy();
    expect(log).toContain('seeded the demo data set');
    process.kill(-child.pid, 'SIGINT');
    const result = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
    expect(result).not.toBe('timeout');
    expect(log).toContain('takt: stopped');
  } finally {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch (_) {
        // already gone
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
