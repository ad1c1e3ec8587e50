export { openRuntime } from './runtime.js';
export type { Runtime, RuntimeOptions } from './runtime.js';
