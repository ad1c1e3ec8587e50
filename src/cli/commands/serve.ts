import { InvalidArgumentError, type Command } from 'commander';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';

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
      const ctx = commandContext(command);
      await withRuntime(ctx, true, async (rt) => {
        const { startSottoServer } = await import('../../server/sotto-server.js');
        const sotto = await startSottoServer(rt, { host: options.host ?? ctx.config.server.host, port: options.port ?? ctx.config.server.port, warmWebrtc: true });
        const server = sotto.server;
        printResult(ctx.json, { url: server.url, mediaUrl: sotto.mediaUrl, dataDir: ctx.config.dataDir }, `sotto listening on ${server.url} (media streams: ${sotto.mediaUrl})`);
        rt.logger.info({ url: server.url }, 'sotto serving');
        await new Promise<void>((resolve) => {
          const stop = (): void => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await sotto.close();
      });
    });
}
