// `npm run bench -- NAME` runs bench/NAME.ts; its last line of output is one JSON object.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const [name, ...rest] = process.argv.slice(2);
if (!name || !existsSync(`bench/${name}.ts`)) {
  console.error(`usage: npm run bench -- NAME   (a file bench/NAME.ts)`);
  process.exit(2);
}
// The V8 heap flag `sotto serve` runs with (SERVER_HEAP_FLAG in src/cli/server-heap.ts), so a
// bench that runs a server in its own process measures it as it is deployed.
const SERVER_HEAP_FLAG = '--initial-old-space-size=256';
const result = spawnSync(process.execPath, ['--expose-gc', SERVER_HEAP_FLAG, '--import', 'tsx', `bench/${name}.ts`, ...rest], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
