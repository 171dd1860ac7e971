// Starts `takt serve` on a free port with a fresh temporary data directory and the built SPA,
// waits for /health, and stops the server (SIGTERM, then SIGKILL) after the run.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base, child, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`takt serve exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) return;
    } catch (_) {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`takt serve did not answer ${base}/health within ${ms} ms`);
}

/** `takt user add` against the running server's database (password = name). */
function addUser(bin, dataDir, name, role) {
  const { spawnSync } = require('node:child_process');
  const r = spawnSync(bin, ['user', 'add', '--name', name, '--role', role, '--password-stdin', '--data-dir', dataDir], {
    input: name + '\n',
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`takt user add ${name} failed: ${r.stderr}`);
}

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
    child.kill('SIGTERM');
    await new Promise((resolve) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, 5_000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
};
