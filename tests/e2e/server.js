// Starting and stopping `takt serve` for the end-to-end runs (global-setup.js) and the browser
// benchmarks (bench/global-setup.js).
const { spawnSync } = require('node:child_process');
const net = require('node:net');

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

/** `takt user add` against the server's database (password = name). */
function addUser(bin, dataDir, name, role) {
  const r = spawnSync(bin, ['user', 'add', '--name', name, '--role', role, '--password-stdin', '--data-dir', dataDir], {
    input: name + '\n',
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`takt user add ${name} failed: ${r.stderr}`);
}

/** Stops the server: SIGTERM, then SIGKILL after 5 s. */
function stop(child) {
  child.kill('SIGTERM');
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

module.exports = { freePort, waitForHealth, addUser, stop };
