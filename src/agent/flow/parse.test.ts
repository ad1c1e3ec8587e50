import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isSottoError } from '../../errors/index.js';
import { parseFlow } from './parse.js';

const VALID = `name: tiny
description: Two steps.
start: ask
steps:
  ask:
    kind: collect
    prompt: Your card?
    slot: card
    entityType: CREDIT_CARD
    validators: [luhn]
    next: done
    onFail: done
  done:
    kind: end
    prompt: Bye.
    outcome: completed
`;

/** Asserts FLOW_INVALID whose message names `path` (and `line` when given). */
function rejects(text: string, path: string, line?: number): void {
  assert.throws(
    () => parseFlow(text, 'test.yaml'),
    (err) => {
      assert.ok(isSottoError(err, 'FLOW_INVALID'), String(err));
      assert.ok(err.message.includes(path), `"${err.message}" should name ${path}`);
      if (line !== undefined) assert.ok(err.message.includes(`line ${line}`), `"${err.message}" should name line ${line}`);
      return true;
    },
  );
}

describe('parsing a flow file', () => {
  it('accepts a valid flow and fills defaults', () => {
    const flow = parseFlow(VALID);
    const ask = flow.steps.ask;
    assert.equal(ask?.kind, 'collect');
    if (ask?.kind === 'collect') {
      assert.equal(ask.retries, 2);
      assert.equal(ask.sensitive, true);
      assert.deepEqual(ask.validators, ['luhn']);
    }
  });

  it('parses the built-in agents', () => {
    for (const name of ['card-payment', 'appointment-booking']) {
      const flow = parseFlow(readFileSync(new URL(`../../../agents/${name}.yaml`, import.meta.url), 'utf8'), name);
      assert.equal(flow.name, name);
    }
  });

  describe('when the YAML is malformed', () => {
    it('names the line', () => rejects('name: [unclosed\nsteps: {}\n', 'not valid YAML at line'));
    it('refuses duplicate keys', () => rejects(VALID.replace('start: ask', 'start: ask\nstart: done'), 'not valid YAML'));
    it('refuses a file that is not a mapping', () => rejects('- just\n- a list\n', '(root)'));
    it('refuses an oversized file', () => rejects(`${VALID}#${'x'.repeat(300 * 1024)}\n`, 'larger than'));
  });

  describe('when a field is wrong, it names the field and its line', () => {
    it('an unknown validator', () => rejects(VALID.replace('[luhn]', '[luhn, zipcode]'), 'steps.ask.validators[1]', 10));
    it('an unknown entity type', () => rejects(VALID.replace('CREDIT_CARD', 'CARD'), 'steps.ask.entityType', 9));
    it('an unknown step kind', () => rejects(VALID.replace('kind: end', 'kind: hangup'), 'steps.done.kind'));
    it('a misspelt key', () => rejects(VALID.replace('onFail: done', 'onFail: done\n    onfail: done'), 'steps.ask'));
    it('a missing required key', () => rejects(VALID.replace('    onFail: done\n', ''), 'steps.ask.onFail'));
    it('a bad outcome', () => rejects(VALID.replace('outcome: completed', 'outcome: maybe'), 'steps.done.outcome', 16));
    it('a bad step id', () => rejects(VALID.replace('  done:\n', '  Done!:\n'), 'steps.Done!'));
    it('retries out of range', () => rejects(VALID.replace('onFail: done', 'onFail: done\n    retries: 50'), 'steps.ask.retries'));
  });

  describe('when references do not resolve', () => {
    it('a start step that does not exist', () => rejects(VALID.replace('start: ask', 'start: nowhere'), 'start'));
    it('a next step that does not exist', () => rejects(VALID.replace('next: done', 'next: nowhere'), 'steps.ask.next', 11));
    it('a placeholder naming no tool result', () => rejects(VALID.replace('prompt: Bye.', 'prompt: Bye {charge.code}.'), 'steps.done.prompt'));
    it('a greeting with a placeholder', () =>
      rejects(VALID.replace('start: ask', 'start: ask\ngreeting: Hi {x.y}\n').replace('prompt: Bye.', 'prompt: Bye.'), 'greeting'));
    it('a tool argument from a slot nobody collects', () =>
      rejects(
        VALID.replace('next: done\n    onFail', 'next: run\n    onFail').concat(`  run:
    kind: tool
    tool: t
    args: { x: { slot: nothing } }
    next: done
    onError: done
`),
        'steps.run.args.x.slot',
      ));
    it('an unreachable step', () => rejects(VALID.concat('  orphan: { kind: end, prompt: Hi., outcome: failed }\n'), 'steps.orphan'));
    it('a loop of say steps that never waits for the caller', () =>
      rejects(
        VALID.replace('next: done\n    onFail', 'next: a\n    onFail').concat('  a: { kind: say, prompt: A., next: b }\n  b: { kind: say, prompt: B., next: a }\n'),
        'never waits',
      ));
  });
});
