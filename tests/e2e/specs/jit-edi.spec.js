// EDI in the browser against the real server: a planner imports a DELJIT from the demo
// partner (VOLTAWOB → OEM-WOB) through the JIT screen (preview first, parsing in a Web Worker),
// drives the new call through every step to the invoice, downloads the shipping notice and the
// invoice as EDI, and the server has the call exactly once. A broken file shows its error with
// line, segment and element; the same interchange twice is refused.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect } = require('@playwright/test');
const { base, signIn, entities, violations } = require('./helpers');

const FIXTURE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'deljit_voltawob.edi'), 'utf8');
const BROKEN = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'deljit_broken.edi'), 'utf8');

// Desktop and phone run against the same server: each run sends its own interchange (control
// reference and call number), else the second would be a repeat.
function interchange(tag) {
  const ref = `WOB${tag}`;
  const call = `JC${tag}`;
  const text = FIXTURE.replaceAll('WOB20261122', ref).replaceAll('JC778100', call);
  return { ref, call, id: `EDI-VOLTAWOB-${ref}-001`, text };
}

function file(name, text) {
  return { name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') };
}

async function readDownload(page, trigger) {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
  const p = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(p, 'utf8') };
}

const STEPS = [
  ['release_to_production', 'released to production'],
  ['confirm_production', 'production confirmed'],
  ['release_for_packing', 'released for packing'],
  ['pack', 'packed'],
  ['create_deliveries', 'delivery created'],
  ['pick', 'picked'],
  ['post_goods_issue', 'goods issued'],
  ['create_billing', 'billed'],
];

test('import a DELJIT with preview, drive the call to the invoice, download DESADV and INVOIC', async ({ page, request }, info) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const ic = interchange(info.project.name === 'phone' ? '2611P1' : '2611D1');
  await signIn(page, 'planner');
  await page.goto(base() + '/jit');
  await expect(page.getByRole('heading', { name: 'Import EDI' })).toBeVisible();

  await page.getByTestId('edi-file').setInputFiles(file('deljit.edi', ic.text));
  const preview = page.getByTestId('edi-preview');
  await expect(preview).toBeVisible();
  await expect(page.getByTestId('edi-standard')).toHaveText('UN/EDIFACT');
  await expect(page.getByTestId('edi-types')).toHaveText('DELJIT × 1');
  await expect(page.getByTestId('edi-sender')).toHaveText('VOLTAWOB (ZZ)');
  await expect(page.getByTestId('edi-partner')).toHaveText('OEM-WOB');
  await expect(page.getByTestId('edi-control-ref')).toHaveText(ic.ref);
  await expect(page.getByTestId('edi-messages')).toHaveText('1');
  await expect(page.getByTestId('edi-calls')).toHaveText('1');
  await expect(page.getByTestId('edi-components')).toHaveText('1');
  const row = page.getByTestId('edi-calls-table').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(ic.call);
  await expect(row).toContainText('5G0-881-901');
  await expect(row).toContainText('12');
  await expect(page.getByTestId('edi-warnings')).toContainText('FTX');
  await expect(page.getByTestId('edi-errors')).toHaveCount(0);
  // Nothing is applied before "Import".
  await expect(page.getByTestId('pending')).toHaveText('0 pending');
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/jit-edi-preview-${info.project.name}.png`, fullPage: true });
  expect(await violations(page)).toEqual([]);

  await page.getByTestId('edi-import-button').click();
  const link = page.getByTestId('edi-imported-call');
  await expect(link).toHaveText(ic.id);
  await expect(page.getByTestId('edi-preview')).toHaveCount(0);

  // The same file again: recognised and refused.
  await page.getByTestId('edi-file').setInputFiles(file('deljit.edi', ic.text));
  await expect(page.getByTestId('edi-errors')).toContainText('Already imported');
  await expect(page.getByTestId('edi-import-button')).toBeDisabled();
  await page.getByTestId('edi-discard').click();

  // The new call is in the monitor's list (EDI-… sorts first); open it from there.
  await page.getByTestId('call-list').getByRole('link', { name: ic.id }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Call ${ic.id}`);
  await expect(page.getByTestId('call-status')).toHaveText('received');
  for (const [step, status] of STEPS) {
    await page.locator(`button[data-step=${step}]`).click();
    await expect(page.getByTestId('call-status')).toHaveText(status);
    await expect(page.getByTestId('step-result').locator('.rejected')).toHaveCount(0);
  }

  const asn = await readDownload(page, () => page.getByTestId('download-asn-edi').click());
  expect(asn.name).toMatch(/DESADV\.edi$/);
  expect(asn.text).toContain("UNH+");
  expect(asn.text).toContain('DESADV:D:07A:UN');
  expect(asn.text).toContain('5G0-881-901');
  // One line per container (4 per KLT): the despatched quantities add up to the call's 12.
  const despatched = [...asn.text.matchAll(/QTY\+12:(\d+):PCE/g)].map((m) => Number(m[1]));
  expect(despatched.reduce((a, b) => a + b, 0)).toBe(12);
  const inv = await readDownload(page, () => page.getByTestId('download-invoice-edi').click());
  expect(inv.name).toMatch(/INVOIC\.edi$/);
  expect(inv.text).toContain('INVOIC:D:07A:UN');
  expect(inv.text).toContain('5G0-881-901');
  expect(inv.text).toContain('QTY+47:12');
  expect(inv.text).toContain('MOA+203:510');
  const json = await readDownload(page, () => page.getByTestId('download-invoice-json').click());
  expect(JSON.parse(json.text).lines[0].qty).toBe(12);
  await page.getByTestId('documents').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/jit-edi-invoice-${info.project.name}.png`, fullPage: true });

  await page.locator('button[data-step=complete]').click();
  await expect(page.getByTestId('call-status')).toHaveText('completed');

  // The server got every command once: one call for this interchange, completed, version 1.
  await expect(page.getByTestId('pending')).toHaveText('0 pending', { timeout: 30_000 });
  await expect(page.getByTestId('inbox-button')).toHaveText('Refused: 0');
  const calls = Object.values(await entities(request, 'planner', 'jit_call')).filter(
    (c) => c.customer === 'OEM-WOB' && c.external_id === ic.call,
  );
  expect(calls.map((c) => [c.id, c.status, c.version])).toEqual([[ic.id, 'completed', 1]]);
  const invoices = Object.values(await entities(request, 'planner', 'invoice')).filter((i) =>
    i.lines.some((l) => l.call === ic.id),
  );
  expect(invoices.map((i) => i.lines.map((l) => [l.customer_material, l.qty]))).toEqual([[['5G0-881-901', 12]]]);
  expect(errors).toEqual([]);
});

test('a broken file shows its error with line and segment; a dropped file and the keyboard work', async ({ page }, info) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, 'planner');
  await page.goto(base() + '/jit');
  const zone = page.getByRole('button', { name: /Drop an EDI file here/ });
  await expect(zone).toBeVisible();

  // Dropped on the drop zone.
  const dt = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'broken.edi', { type: 'text/plain' }));
    return d;
  }, BROKEN);
  await zone.dispatchEvent('drop', { dataTransfer: dt });
  const list = page.getByTestId('edi-errors');
  await expect(list).toBeVisible();
  await expect(list).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('edi-error-where')).toHaveText('line 14 · segment 14 QTY · element 1.2');
  await expect(list).toContainText('"1x"');
  await expect(page.getByTestId('edi-import-button')).toBeDisabled();
  await list.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/jit-edi-errors-${info.project.name}.png`, fullPage: true });
  expect(await violations(page)).toEqual([]);
  await page.getByTestId('edi-discard').click();

  // Keyboard: the drop zone takes focus and Enter opens the file chooser.
  const ic = interchange(info.project.name === 'phone' ? '2611P2' : '2611D2');
  await zone.focus();
  await expect(zone).toBeFocused();
  // Enter on the zone opens the file input's chooser (its click), the same as a mouse click.
  // The chooser itself is the browser's; Chromium does not always report it after earlier
  // specs in the same browser, so the test watches the input's click and then sets the file.
  await page.getByTestId('edi-file').evaluate((input) => {
    window.__pickerOpened = false;
    input.addEventListener('click', (e) => { window.__pickerOpened = true; e.preventDefault(); }, { once: true });
  });
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => window.__pickerOpened)).toBe(true);
  await page.getByTestId('edi-file').setInputFiles(file('deljit.edi', ic.text));
  await expect(page.getByTestId('edi-control-ref')).toHaveText(ic.ref);
  await page.getByTestId('edi-import-button').click();
  await expect(page.getByTestId('edi-imported-call')).toHaveText(ic.id);
  // Dropped again: a repeat, refused with the reason.
  const again = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'again.edi', { type: 'text/plain' }));
    return d;
  }, ic.text);
  await zone.dispatchEvent('drop', { dataTransfer: again });
  await expect(list).toContainText('Already imported');
  await expect(list).toContainText(ic.ref);
  await expect(page.getByTestId('edi-import-button')).toBeDisabled();
  expect(errors).toEqual([]);
});

test('the EDI worker is in the offline cache', async ({ page }) => {
  await signIn(page, 'planner');
  const sw = await (await page.request.get(base() + '/sw.js')).text();
  expect(sw).toContain('/takt-edi-worker_loader.js');
  expect(sw).toContain('/takt-edi-worker_bg.wasm');
  expect(sw).toContain('/takt-edi-worker.js');
});
