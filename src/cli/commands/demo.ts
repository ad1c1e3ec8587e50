import type { Command } from 'commander';
import { commandContext, withRuntime } from '../context.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('start a server on embedded defaults, run a simulated card-payment call, and show what was stored')
    .action(async (_options: unknown, command: Command) => {
      const ctx = commandContext(command);
      const { runDemo } = await import('../demo/run-demo.js');
      await withRuntime(ctx, true, (rt) => runDemo(rt, ctx));
    });
}
