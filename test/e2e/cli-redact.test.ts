// `sotto redact` end to end: the JSONL contract of DESIGN.md, bad input reported by line
// number without echoing content, and no data directory or keys needed.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertFailure, assertSuccess, createSandbox, RUN_TIMEOUT_MS, type Sandbox } from './support/sotto-process.js';

const timeout = RUN_TIMEOUT_MS * 2;
const CARD = '4111 1111 1111 1111';

const conversation = (id: string, reply: string): string =>
  JSON.stringify({ id, turns: [{ speaker: 'agent', text: 'What is the card number?' }, { speaker: 'caller', text: reply }] });

interface OutLine {
  id: string;
  turns: { speaker: string; text: string; redacted: string; entities: { type: string; start: number; end: number }[] }[];
}

const outLines = (stdout: Buffer): OutLine[] =>
  stdout.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutLine);

let box: Sandbox;
before(async () => {
  box = await createSandbox();
});
after(async () => {
  await box.remove();
});

describe('sotto redact', { concurrency: true }, () => {
  it('writes one line per input line, in order, in the contract format, without a data directory', { timeout }, async () => {
    const input = `${conversation('c1', `sure, ${CARD}`)}\n${conversation('c2', 'four one one one, one one one one, one one one one, one one one one')}\n`;
    const run = await box.run(['redact', '--in', '-', '--out', '-'], { input });
    assertSuccess(run);
    const [first, second] = outLines(run.stdout);
    assert.equal(first?.id, 'c1');
    assert.equal(second?.id, 'c2');
    const turn = first?.turns[1];
    assert.deepEqual(Object.keys(turn ?? {}), ['speaker', 'text', 'redacted', 'entities']);
    assert.equal(turn?.redacted, 'sure, [CREDIT_CARD]');
    assert.deepEqual(turn?.entities, [{ type: 'CREDIT_CARD', start: 6, end: 25 }]);
    assert.equal(second?.turns[1]?.redacted, '[CREDIT_CARD]');
  });

  it('reads and writes files', { timeout }, async () => {
    const inPath = join(box.root, 'in.jsonl');
    const outPath = join(box.root, 'out.jsonl');
    await writeFile(inPath, `${conversation('f1', CARD)}\n`);
    assertSuccess(await box.run(['redact', '--in', inPath, '--out', outPath]));
    const [line] = outLines(await readFile(outPath));
    assert.equal(line?.turns[1]?.redacted, '[CREDIT_CARD]');
  });

  describe('when some input lines are bad', () => {
    it('redacts the good lines, names each bad line without its content, and exits 1', { timeout }, async () => {
      const input = Buffer.concat([
        Buffer.from(`${conversation('good1', CARD)}\n`),
        Buffer.from(`{"id": "x", "turns": [ ${CARD}\n`), // malformed JSON holding a card number
        Buffer.from('\n'), // empty line
        Buffer.from(`{"id":"y","turns":[{"speaker":"robot","text":"${CARD}"}]}\n`),
        Buffer.from(`{"id":"z"}\n`),
        Buffer.concat([Buffer.from('{"id":"u","turns":[{"speaker":"caller","text":"'), Buffer.from([0xff, 0xfe]), Buffer.from(`${CARD}"}]}\n`)]),
        Buffer.from(`${JSON.stringify({ id: 'huge', turns: [{ speaker: 'caller', text: `${CARD} ${'a'.repeat(1024 * 1024)}` }] })}\n`),
        Buffer.from(`${conversation('good2', CARD)}\n`),
      ]);
      const run = await box.run(['redact', '--in', '-', '--out', '-'], { input });
      assert.equal(run.code, 1);
      assert.deepEqual(outLines(run.stdout).map((l) => l.id), ['good1', 'good2']);
      const errors = run.stderr.trim().split('\n');
      for (const n of [2, 3, 4, 5, 6, 7]) assert.ok(errors.some((e) => e.includes(`line ${n}:`)), `line ${n} reported: ${run.stderr}`);
      assert.match(errors.at(-1) ?? '', /6 of 8 lines not redacted/);
      assert.equal(run.stderr.includes('4111'), false, 'no content echoed');
      assert.equal(run.stderr.includes('robot'), false, 'no content echoed');
    });
  });

  it('fails with one line when the input file does not exist', { timeout }, async () => {
    const line = assertFailure(await box.run(['redact', '--in', join(box.root, 'missing.jsonl'), '--out', '-']), 1);
    assert.match(line, /DETECT_INPUT_INVALID: cannot open the input file \(ENOENT\)/);
  });

  it('documents its choice for bad lines in --help', { timeout }, async () => {
    const run = await box.run(['redact', '--help']);
    assertSuccess(run);
    assert.match(run.stdout.toString('utf8'), /^Usage: sotto redact /);
    assert.match(run.stdout.toString('utf8'), /exits 1\s+at the end if any line was bad/);
  });

  it('is a usage error (exit 2) without --in', { timeout }, async () => {
    assert.match(assertFailure(await box.run(['redact', '--out', '-']), 2), /--in/);
  });
});
