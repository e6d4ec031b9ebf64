// The unit/integration suites of every app and library (the `test/` end-to-end suite runs separately).
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const projects = ['libs', 'apps'].flatMap((dir) =>
  readdirSync(join(__dirname, dir))
    .map((name) => join(__dirname, dir, name, 'jest.config.js'))
    .filter((f) => existsSync(f)),
);
// testTimeout is a global option in Jest 29 (ignored, with a warning, inside a project's config):
// one generous limit for every project, so RSA key generation, PDF validators or a dev server
// on a busy machine cannot turn a test red; a test that hangs still fails.
module.exports = { projects, testTimeout: 120_000 };
