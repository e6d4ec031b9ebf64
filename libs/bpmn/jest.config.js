module.exports = { ...require('../../jest.preset.js'), displayName: 'bpmn', rootDir: __dirname };
