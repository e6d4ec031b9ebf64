// The unit/integration suites of every app and library (the `test/` end-to-end suite runs separately).
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const projects = ['libs', 'apps'].flatMap((dir) =>
  readdirSync(join(__dirname, dir))
    .map((name) => join(__dirname, dir, name, 'jest.config.js'))
    .filter((f) => existsSync(f)),
);
module.exports = { projects };
