module.exports = { ...require('../../jest.preset.js'), displayName: 'signing', rootDir: __dirname, testTimeout: 120_000 };
