// The production-mode suite (docs/deploy.md): `npm run test:production` (scripts/test.mjs --production).
// A command of its own (it needs the Go-built Temporal server and Compose CLI); CI runs it after `npm test` (.ci/run).
module.exports = { ...require('../../jest.preset.js'), displayName: 'production', rootDir: __dirname, testTimeout: 480000 };
