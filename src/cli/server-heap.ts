// `sotto serve` runs with a larger first threshold for V8's old generation. Left to itself, V8
// sizes it for short scripts and keeps lowering it: a server holding a few hundred calls' audio
// and transcripts ran a full mark-compact about every half second at 200 calls (87 in one bench
// level), and with --initial-old-space-size=256 it ran 17 and spent a third less CPU per audio
// frame (npm run bench -- calls). The heap is not reserved up front: the flag only moves when
// the first full collections start. V8 reads it once, at process start, so `sotto serve` started
// without it starts itself again with it and stays in between as its supervisor (which has
// loaded the CLI by then: ~120 MB that a restart from bin/sotto.js, before loading, would save).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export const SERVER_HEAP_FLAG = '--initial-old-space-size=256';
const FLAG_NAME = SERVER_HEAP_FLAG.split('=')[0] as string;
/** Set (to anything) to run the server in this process whatever its V8 flags. */
export const NO_RESPAWN_ENV = 'SOTTO_SERVE_IN_PROCESS';

/** The signals that stop a server: the supervisor passes them on, the server stops on them. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Whether this process should start itself again with SERVER_HEAP_FLAG before serving. */
export function shouldRespawnForHeap(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[NO_RESPAWN_ENV] !== undefined) return false;
  return !execArgv.some((arg) => arg === FLAG_NAME || arg.startsWith(`${FLAG_NAME}=`));
}

/**
 * Runs this very command again in a child process with SERVER_HEAP_FLAG, passing signals on,
 * and resolves with the exit code to leave with. The child shares stdin/stdout/stderr; an IPC
 * channel lets it notice if this process dies without a word (SIGKILL) and shut down too.
 */
export function respawnWithServerHeap(): Promise<number> {
  const script = process.argv[1];
  if (script === undefined) return Promise.reject(new Error('cannot tell which script to start again'));
  const child = spawn(process.execPath, [...process.execArgv, SERVER_HEAP_FLAG, script, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const s of STOP_SIGNALS) process.off(s, forward);
      // Killed by a signal: exit as a shell reports it, 128 + its number.
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 1));
    });
  });
}

/**
 * In the respawned server: resolves when the supervising parent is gone (its end of the IPC
 * channel closed), so the server stops instead of living on as an orphan. Never resolves in a
 * process started without that channel. The channel does not keep the process alive.
 */
export function supervisorGone(): Promise<void> {
  if (!process.connected) return new Promise(() => undefined);
  process.channel?.unref();
  return new Promise((resolve) => process.once('disconnect', () => resolve()));
}
