import { buildProgram } from './program.js';
import { exitCodeFor } from './output.js';

try {
  await buildProgram().parseAsync(process.argv);
  process.exitCode = 0;
} catch (err) {
  const { code, line } = exitCodeFor(err);
  if (line) process.stderr.write(`${line}\n`);
  process.exitCode = code;
}
