// Rendering embeds fonts and the tests run poppler and a QR decoder: slow on a shared 2-core machine.
module.exports = { ...require('../../jest.preset.js'), displayName: 'documents', rootDir: __dirname, testTimeout: 120_000 };
