#!/usr/bin/env node
// Entry point: loads the TypeScript sources through tsx so that there is no separate build
// step to forget; `npm run build` still type-checks the same sources.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
