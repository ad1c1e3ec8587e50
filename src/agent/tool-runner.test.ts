import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTokenVault } from '../detect/index.js';
import { isSottoError } from '../errors/index.js';
import type { Tool, ToolValue } from './agent.js';
import { createToolRunner } from './tool-runner.js';

/** A real tool that records what it was called with and echoes the card back. */
function echoTool(): Tool & { calls: Record<string, ToolValue>[] } {
  const calls: Record<string, ToolValue>[] = [];
  return {
    name: 'lookup',
    description: 'Looks a card up.',
    parameters: {
      card: { type: 'string', entityType: 'CREDIT_CARD', description: 'The card.' },
      note: { type: 'string' },
      times: { type: 'number' },
    },
    calls,
    run(args) {
      calls.push(args);
      return Promise.resolve({ echoed: `card ${String(args.card)}`, last4: String(args.card).slice(-4), note: String(args.note), ok: true });
    },
  };
}

function setup(tools: Tool[] = [echoTool()], timeoutMs?: number) {
  const { vault, capability } = createTokenVault();
  const runner = createToolRunner({ tools, vault, capability, callId: 'call_1', tenantId: 'ten_1', timeoutMs });
  return { vault, runner, tools };
}

describe('the tool runner', () => {
  it('gives the tool the real value and returns its result re-tokenized', async () => {
    const tool = echoTool();
    const { vault, runner } = setup([tool]);
    const token = vault.tokenize('CREDIT_CARD', '4111111111111111');
    const result = await runner.run('lookup', { card: token, note: 'hi', times: 1 });
    assert.equal(tool.calls[0]?.card, '4111111111111111');
    assert.deepEqual(result, { echoed: `card ${token}`, last4: '1111', note: 'hi', ok: true });
    assert.ok(!JSON.stringify(result).includes('4111111111111111'));
  });

  it('accepts the last-four form of a card token the detector writes into caller text', async () => {
    const tool = echoTool();
    const { vault, runner } = setup([tool]);
    vault.tokenize('CREDIT_CARD', '4111111111111111');
    await runner.run('lookup', { card: '[CREDIT_CARD_1 ending 1111]', note: '', times: 1 });
    assert.equal(tool.calls[0]?.card, '4111111111111111');
  });

  it('leaves tokens in parameters without an entity type unresolved', async () => {
    const tool = echoTool();
    const { vault, runner } = setup([tool]);
    const card = vault.tokenize('CREDIT_CARD', '4111111111111111');
    const ssn = vault.tokenize('US_SSN', '123456789');
    await runner.run('lookup', { card, note: `ssn ${ssn}`, times: 1 });
    assert.equal(tool.calls[0]?.note, 'ssn [US_SSN_1]');
  });

  describe('when the arguments are wrong', () => {
    const cases: [string, (card: string, ssn: string) => Record<string, unknown>][] = [
      ['a token of another type for an entity parameter', (_card, ssn) => ({ card: ssn, note: '', times: 1 })],
      ['raw digits for an entity parameter', () => ({ card: '4111111111111111', note: '', times: 1 })],
      ['text around the token', (card) => ({ card: `card ${card}`, note: '', times: 1 })],
      ['a missing argument', (card) => ({ card, note: '' })],
      ['an unknown argument', (card) => ({ card, note: '', times: 1, extra: 1 })],
      ['a wrong type', (card) => ({ card, note: '', times: '1' })],
      ['a non-finite number', (card) => ({ card, note: '', times: Number.NaN })],
    ];
    for (const [name, args] of cases) {
      it(`refuses ${name} with TOOL_FAILED and does not run the tool`, async () => {
        const tool = echoTool();
        const { vault, runner } = setup([tool]);
        const card = vault.tokenize('CREDIT_CARD', '4111111111111111');
        const ssn = vault.tokenize('US_SSN', '123456789');
        await assert.rejects(runner.run('lookup', args(card, ssn)), (err) => isSottoError(err, 'TOOL_FAILED'));
        assert.equal(tool.calls.length, 0);
      });
    }
  });

  it('refuses an unknown tool with TOOL_FAILED', async () => {
    const { runner } = setup();
    await assert.rejects(runner.run('transfer_funds', {}), (err) => isSottoError(err, 'TOOL_FAILED'));
  });

  it('refuses a token of another call with DETECT_TOKEN_UNKNOWN', async () => {
    const tool = echoTool();
    const { runner } = setup([tool]);
    const other = createTokenVault();
    const foreign = other.vault.tokenize('CREDIT_CARD', '5500000000000004');
    await assert.rejects(runner.run('lookup', { card: foreign, note: '', times: 1 }), (err) => isSottoError(err, 'DETECT_TOKEN_UNKNOWN'));
    assert.equal(tool.calls.length, 0);
  });

  it('reports a tool that throws as TOOL_FAILED without its message, which may quote real values', async () => {
    const leaky: Tool = {
      name: 'leaky',
      description: 'Throws.',
      parameters: { card: { type: 'string', entityType: 'CREDIT_CARD' } },
      run: (args) => Promise.reject(new Error(`declined ${String(args.card)}`)),
    };
    const { vault, runner } = setup([leaky]);
    const card = vault.tokenize('CREDIT_CARD', '4111111111111111');
    await assert.rejects(runner.run('leaky', { card }), (err) => {
      assert.ok(isSottoError(err, 'TOOL_FAILED'));
      assert.ok(!err.message.includes('4111'));
      assert.equal(err.cause, undefined);
      return true;
    });
  });

  it('refuses a result that is not flat strings, numbers and booleans', async () => {
    const nested: Tool = { name: 'nested', description: 'Nests.', parameters: {}, run: () => Promise.resolve({ deep: { x: 1 } } as never) };
    const { runner } = setup([nested]);
    await assert.rejects(runner.run('nested', {}), (err) => isSottoError(err, 'TOOL_FAILED'));
  });

  it('gives up on a tool that does not answer in time', async () => {
    const slow: Tool = { name: 'slow', description: 'Hangs.', parameters: {}, run: () => new Promise(() => undefined) };
    const { runner } = setup([slow], 50);
    await assert.rejects(runner.run('slow', {}), (err) => isSottoError(err, 'TOOL_FAILED') && /50 ms/.test(err.message));
  });

  it('describes tools as JSON Schema, asking for tokens for entity parameters', () => {
    const { runner } = setup();
    const [description] = runner.describe();
    assert.equal(description?.name, 'lookup');
    assert.deepEqual(description?.parameters.required, ['card', 'note', 'times']);
    assert.equal(description?.parameters.additionalProperties, false);
    assert.match(description?.parameters.properties.card?.description ?? '', /\[CREDIT_CARD_1\]/);
    assert.deepEqual(description?.parameters.properties.times, { type: 'number' });
  });

  it('carries a slot validator that checks the real value behind a token', () => {
    const { vault, runner } = setup();
    assert.equal(runner.slots?.validate(vault.tokenize('CREDIT_CARD', '4111111111111111'), 'luhn'), true);
    assert.equal(runner.slots?.validate(vault.tokenize('CREDIT_CARD', '4111111111111112'), 'luhn'), false);
  });

  it('refuses two tools with one name', () => {
    assert.throws(() => setup([echoTool(), echoTool()]), (err) => isSottoError(err, 'TOOL_FAILED'));
  });
});
