// Starts `takt serve` on a free port with a fresh temporary data directory and the built SPA,
// waits for /health, and stops the server (SIGTERM, then SIGKILL) after the run.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort, waitForHealth, addUser, stop } = require('./server.js');

module.exports = async function globalSetup() {
  const bin = process.env.TAKT_BIN;
  const dist = process.env.TAKT_DIST;
  if (!bin || !dist) throw new Error('TAKT_BIN and TAKT_DIST must be set (cargo xtask test does)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-e2e-'));
  const port = await freePort();
  const child = spawn(bin, ['serve', '--port', String(port), '--data-dir', dataDir, '--dist', dist], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child, 30_000);
  // A second planner for the conflict spec (two users editing the same call offline).
  addUser(bin, dataDir, 'planner2', 'planner');
  process.env.TAKT_BASE_URL = base;
  process.env.TAKT_DATA_DIR = dataDir;
  return async () => {
    await stop(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
};
