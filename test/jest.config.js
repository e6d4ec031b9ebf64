const preset = require('../jest.preset.js');
// test/production has its own command (npm run test:production, test/production/jest.config.js)
module.exports = { ...preset, displayName: 'e2e', rootDir: __dirname, testTimeout: 480000, testPathIgnorePatterns: [...preset.testPathIgnorePatterns, '/test/production/'] };
