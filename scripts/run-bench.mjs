// `npm run bench -- NAME` runs bench/NAME.ts; its last line of output is one JSON object.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const [name, ...rest] = process.argv.slice(2);
if (!name || !existsSync(`bench/${name}.ts`)) {
  console.error(`usage: npm run bench -- NAME   (a file bench/NAME.ts)`);
  process.exit(2);
}
const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `bench/${name}.ts`, ...rest], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
