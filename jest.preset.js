// Shared Jest preset: SWC transpiles TypeScript (with decorator metadata for NestJS),
// @tthc/* resolve to library sources, and ESM-only packages (feelin, bpmn-moddle, …)
// are transpiled too so CommonJS tests can load them.
const path = require('node:path');
const root = __dirname;
const esmOnly = ['feelin', 'bpmn-moddle', 'moddle', 'moddle-xml', 'min-dash', 'saxen', 'bpmnlint', 'bpmnlint-utils', '@bpmn-io', 'lezer-feel', '@lezer', 'luxon', 'ids', 'amlich', 'temporal-polyfill', 'temporal-utils', 'temporal-spec', 'pkijs', 'asn1js', '@peculiar/utils', 'bytestreamjs', '@noble'];
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)sx?$': ['@swc/jest', { swcrc: false, ...require('./swc.jest.json') }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    '^@tthc/([a-z-]+)$': path.join(root, 'libs/$1/src/index.ts'),
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['**/__tests__/**/*.spec.ts', '**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
