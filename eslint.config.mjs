// ESLint (flat config): TypeScript, Nx module boundaries, and Temporal's workflow
// determinism rules (no Node built-ins, no floating promises) for workflow code
// and the pure libraries that run inside the workflow sandbox.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads', 'process', 'stream', 'zlib', 'dns', 'tls', 'util', 'events', 'timers', 'url', 'buffer', 'vm', 'readline', 'cluster', 'dgram', 'perf_hooks'];
const noNode = nodeBuiltins.flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '.tools/**', 'apps/web/dist/**', 'bench/results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': ['error', {
        allow: [],
        depConstraints: [
          { sourceTag: 'purity:pure', onlyDependOnLibsWithTags: ['purity:pure'] },
          { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
          { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
          { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
          { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
        ],
      }],
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The designer loads the tthc moddle descriptor and the TTHC lint rules from libs/bpmn's
      // browser-safe files directly: the package entry also exports the Node-side compiler.
      '@nx/enforce-module-boundaries': ['error', {
        allow: ['../../../../libs/bpmn/src/moddle/tthc.json', '../../../../libs/bpmn/src/lint/tthc-plugin'],
        depConstraints: [{ sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] }],
      }],
    },
  },
  {
    // Code that runs inside the Temporal workflow sandbox must be deterministic.
    files: ['apps/worker/src/workflows/**/*.ts', 'libs/engine/src/**/*.ts', 'libs/calendar/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/__tests__/**', '**/*.spec.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'no-restricted-imports': ['error', { paths: noNode.map((name) => ({ name, message: 'workflow code and pure libraries must not use Node APIs' })) }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'use Temporal sleep()' }, { name: 'setInterval', message: 'use Temporal sleep()' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'no randomness in workflow code' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
);
