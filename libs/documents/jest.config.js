// Rendering embeds fonts and the tests run poppler and a QR decoder: slow on a shared 2-core machine (the root jest.config.js sets the timeout).
module.exports = { ...require('../../jest.preset.js'), displayName: 'documents', rootDir: __dirname };
