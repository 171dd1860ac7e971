// The warm-start benchmark's server: a fresh data directory whose SQLite `entities` table holds
// the generated data set (TAKT_WARM_DATA, one sync change per line with its scope, written by
// `cargo run -p takt-engine --example warm_start_data`), a planner, and `takt serve --no-demo`.
//
// The rows are written the way the server stores an entity (kind, id, version, scope, body; see
// crates/server/src/store.rs `write_entity`) with versions rising every 1,000 records, so pulls
// page through the set as they would through a long log. The log itself gets one placeholder
// row (a refused command of a client nobody uses) so its length covers those versions: the
// server's replayed state stays empty, which pulls do not read (they serve the entities table).
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { freePort, waitForHealth, addUser, stop } = require('../server.js');

const PER_VERSION = 1000;

const sql = (s) => `'${String(s).replace(/'/g, "''")}'`;

/** Writes the INSERT script for the data set; returns the number of records and calls. */
async function writeSql(data, out) {
  const w = fs.createWriteStream(out);
  const write = (s) => (w.write(s) ? Promise.resolve() : new Promise((r) => w.once('drain', r)));
  await write('BEGIN;\n');
  let n = 0;
  const counts = {};
  const lines = readline.createInterface({ input: fs.createReadStream(data), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const c = JSON.parse(line);
    const version = 1 + Math.floor(n / PER_VERSION);
    counts[c.kind] = (counts[c.kind] || 0) + 1;
    await write(
      `INSERT INTO entities (kind, id, version, scope, body) VALUES (${sql(c.kind)}, ${sql(c.id)}, ${version}, ${sql(c.scope)}, ${sql(JSON.stringify(c.body))});\n`,
    );
    n += 1;
  }
  const last = 1 + Math.floor((n - 1) / PER_VERSION);
  await write(
    `INSERT INTO commands (seq, client_id, client_seq, user_id, body, status, reason, received_at, message) VALUES (${last}, 'warm-start-import', 1, 'system', '{}', 'rejected', NULL, '2026-11-22T00:00:00Z', 'placeholder: the benchmark data set was loaded into the entities table');\n`,
  );
  await write('COMMIT;\n');
  await new Promise((r) => w.end(r));
  return { records: n, counts };
}

module.exports = async function globalSetup() {
  const bin = process.env.TAKT_BIN;
  const dist = process.env.TAKT_DIST;
  const data = process.env.TAKT_WARM_DATA;
  if (!bin || !dist || !data) {
    throw new Error('TAKT_BIN, TAKT_DIST and TAKT_WARM_DATA must be set (cargo xtask bench does)');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-bench-'));
  // Creates the database with its schema, then the one user the benchmark signs in as.
  addUser(bin, dataDir, 'planner', 'planner');
  const script = path.join(dataDir, 'load.sql');
  const { records, counts } = await writeSql(data, script);
  const r = spawnSync('sqlite3', [path.join(dataDir, 'takt.sqlite3')], {
    input: fs.readFileSync(script),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error || r.status !== 0) {
    throw new Error(`loading the data set with sqlite3 failed: ${r.error || r.stderr}`);
  }
  fs.rmSync(script);
  const port = await freePort();
  const child = spawn(bin, ['serve', '--no-demo', '--port', String(port), '--data-dir', dataDir, '--dist', dist], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child, 60_000);
  process.env.TAKT_BASE_URL = base;
  process.env.TAKT_WARM_RECORDS = String(records);
  process.env.TAKT_WARM_COUNTS = JSON.stringify(counts);
  return async () => {
    await stop(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
};
