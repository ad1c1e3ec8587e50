// npm run eval -- [--split heldout|dev|train|all|independent|independent2] [--system sotto|redact-pii|openredaction] [--json]
// Prints per-type metrics (eval/README.md) for one system on one split; the last line is
// one JSON object. Exit 2 when the system cannot run here (e.g. the detector is not built).
import { parseArgs } from 'node:util';
import { INDEPENDENT_2_SPLIT, INDEPENDENT_SPLIT, SPLITS, type Split } from './corpus/format.js';
import { meetsTargets, summary, table } from './report.js';
import { loadSplit, loadSystem, runSystem, SYSTEM_NAMES, type SystemName } from './run.js';
import { SystemUnavailableError } from './systems/types.js';

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'dev' },
    system: { type: 'string', default: 'sotto' },
    json: { type: 'boolean', default: false },
  },
});
const split = values.split as Split | 'all';
const systemName = values.system as SystemName;
if (![...SPLITS, 'all', INDEPENDENT_SPLIT, INDEPENDENT_2_SPLIT].includes(split) || !SYSTEM_NAMES.includes(systemName)) {
  console.error(`usage: npm run eval -- [--split ${SPLITS.join('|')}|all|${INDEPENDENT_SPLIT}|${INDEPENDENT_2_SPLIT}] [--system ${SYSTEM_NAMES.join('|')}] [--json]`);
  process.exit(2);
}

try {
  const corpus = loadSplit(split);
  const system = await loadSystem(systemName);
  const { tally, turns, elapsedMs } = await runSystem(system, corpus);
  const s = summary(tally);
  if (!values.json) {
    console.log(`system ${systemName}, split ${split}: ${corpus.length} conversations, ${turns} turns, ${elapsedMs.toFixed(0)} ms`);
    console.log(table(tally));
    if (split === 'heldout') console.log(`meets the issue 4 targets: ${meetsTargets(s) ? 'yes' : 'no'}`);
  }
  console.log(JSON.stringify({ system: systemName, split, conversations: corpus.length, ...s }));
} catch (err) {
  if (!(err instanceof SystemUnavailableError)) throw err;
  console.error(err.message);
  console.log(JSON.stringify({ system: systemName, split, error: err.message }));
  process.exit(2);
}
