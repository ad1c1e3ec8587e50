import { InvalidArgumentError, type Command } from 'commander';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';
import { respawnWithServerHeap, shouldRespawnForHeap, STOP_SIGNALS, supervisorGone } from '../server-heap.js';

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number 0-65535');
  return n;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the HTTPS server on embedded defaults (self-signed certificate for localhost)')
    .option('--host <host>', 'address to listen on (default from config: 127.0.0.1)')
    .option('--port <port>', 'port to listen on; 0 picks a free one (default from config: 8443)', parsePort)
    .action(async (options: { host?: string; port?: number }, command: Command) => {
      if (shouldRespawnForHeap()) {
        process.exitCode = await respawnWithServerHeap();
        return;
      }
      const ctx = commandContext(command);
      await withRuntime(ctx, true, async (rt) => {
        const { startSottoServer } = await import('../../server/sotto-server.js');
        const sotto = await startSottoServer(rt, { host: options.host ?? ctx.config.server.host, port: options.port ?? ctx.config.server.port, warmWebrtc: true });
        const server = sotto.server;
        printResult(ctx.json, { url: server.url, mediaUrl: sotto.mediaUrl, dataDir: ctx.config.dataDir }, `sotto listening on ${server.url} (media streams: ${sotto.mediaUrl})`);
        rt.logger.info({ url: server.url }, 'sotto serving');
        // Kept until the server has closed: a second signal (a terminal sends Ctrl-C to the
        // supervisor and to this process alike, and the supervisor passes it on) must not cut
        // the shutdown short.
        let stop!: () => void;
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        for (const signal of STOP_SIGNALS) process.on(signal, stop);
        try {
          await Promise.race([stopped, supervisorGone()]);
          await sotto.close();
        } finally {
          for (const signal of STOP_SIGNALS) process.off(signal, stop);
        }
      });
    });
}
