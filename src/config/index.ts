export { ConfigSchema } from './schema.js';
export type { SottoConfig } from './schema.js';
export { defaultConfig, loadConfig } from './load.js';
export type { LoadOptions } from './load.js';
