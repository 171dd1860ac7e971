// The browser benchmarks (`cargo xtask bench`), kept apart from the tests (`cargo xtask test`
// runs ./specs only): a real `takt serve` holding a large data set (bench/global-setup.js) and
// Debian's Chromium. They print figures and assert nothing about time.
const { defineConfig } = require('@playwright/test');
const base = require('./playwright.config.js');

module.exports = defineConfig({
  ...base,
  testDir: './bench',
  testMatch: /.*\.bench\.js/,
  globalSetup: require.resolve('./bench/global-setup.js'),
  timeout: 30 * 60_000,
  expect: { timeout: 10 * 60_000 },
  projects: [{ name: 'desktop', use: { viewport: { width: 1280, height: 800 } } }],
});
