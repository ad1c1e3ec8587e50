import { Worker } from 'node:worker_threads';

/**
 * Start a worker thread on a module of this package. Built code runs the .js file directly;
 * from the TypeScript sources (tests, benches under tsx) the worker registers tsx itself,
 * because Node 20 does not carry `--import` loader hooks into worker threads.
 * Same approach as src/audit/log/worker-thread.ts, kept here so speech does not reach into audit.
 */
export function startModuleWorker(moduleUrl: URL, workerData: unknown): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** The URL of a sibling module, with the extension the calling module was loaded with. */
export function siblingModule(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}
