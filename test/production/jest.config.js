// The production-mode suite (docs/deploy.md): `npm run test:production` (scripts/test.mjs --production).
// Kept out of the main end-to-end run until the determinism failure it found after a worker restart is fixed
// (docs/deploy.md "Status of the production-mode suite").
module.exports = { ...require('../../jest.preset.js'), displayName: 'production', rootDir: __dirname, testTimeout: 480000 };
