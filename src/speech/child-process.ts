import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A child process on a module of this package, driven like a worker thread (postMessage, ref,
 * unref, terminate, message/error/exit events) so a provider can move a native engine out of
 * the server's process without changing shape. From the TypeScript sources the child loads tsx
 * by absolute URL, so it works whatever the working directory. Its stdio is closed: a native
 * library's diagnostics must not reach a log (they can quote the text being spoken).
 */
export interface ChildHost {
  postMessage(message: unknown): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<void>;
  on(event: 'message', listener: (message: never) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  on(event: 'exit', listener: () => void): this;
  once(event: 'exit', listener: () => void): this;
}

export function startModuleChild(moduleUrl: URL, env: Record<string, string> = {}): ChildHost {
  const execArgv = moduleUrl.pathname.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
  const child: ChildProcess = fork(fileURLToPath(moduleUrl), [], {
    execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...process.env, ...env },
  });
  const host: ChildHost = {
    postMessage(message) {
      if (child.connected) child.send(message as never);
    },
    ref() {
      child.ref();
      child.channel?.ref();
    },
    unref() {
      child.unref();
      child.channel?.unref();
    },
    terminate() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return Promise.resolve();
    },
    on(event: string, listener: (...args: never[]) => void) {
      child.on(event, listener as (...args: unknown[]) => void);
      return host;
    },
    once(event: string, listener: () => void) {
      child.once(event, listener);
      return host;
    },
  } as ChildHost;
  return host;
}
