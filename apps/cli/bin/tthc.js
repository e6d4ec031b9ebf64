#!/usr/bin/env node
// Runs the TypeScript CLI through SWC (no build step needed inside the repo).
process.env.SWCRC = process.env.SWCRC ?? 'true';
require('@swc-node/register');
require('../src/main.ts');
