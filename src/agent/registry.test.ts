import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isSottoError } from '../errors/index.js';
import type { Tool } from './agent.js';
import { createTokenVault } from '../detect/index.js';
import { createAgentContext } from './context.js';
import { builtInFlow, listAgents, loadAgent, loadAgentSync } from './registry.js';
import { createDemoTools } from './tools/index.js';

describe('loading agents', () => {
  it('lists and loads the built-in agents with the demo tools', async () => {
    const { tools } = createDemoTools();
    const names = listAgents().map((a) => a.name);
    assert.deepEqual(names, ['card-payment', 'appointment-booking']);
    for (const name of names) {
      const agent = await loadAgent(name, { tools });
      assert.equal(agent.name, name);
      assert.deepEqual(agent.subprocessors, [], 'a flow agent sends nothing to a model');
    }
  });

  it('refuses an unknown name with AGENT_UNKNOWN', async () => {
    await assert.rejects(loadAgent('wire-transfer', { tools: [] }), (err) => isSottoError(err, 'AGENT_UNKNOWN'));
    await assert.rejects(loadAgent('./no/such/flow.yaml', { tools: [] }), (err) => isSottoError(err, 'AGENT_UNKNOWN'));
    assert.throws(() => loadAgentSync('wire-transfer', { tools: [] }), (err) => isSottoError(err, 'AGENT_UNKNOWN'));
  });

  it('loads synchronously too', () => {
    assert.equal(loadAgentSync('card-payment', { tools: createDemoTools().tools }).name, 'card-payment');
  });

  describe('a built-in flow, parsed once per process', () => {
    it('is one object for every call, frozen all the way down', () => {
      const flow = builtInFlow('card-payment');
      assert.equal(builtInFlow('card-payment'), flow);
      const step = flow.steps.card_number;
      assert.ok(Object.isFrozen(flow) && Object.isFrozen(flow.steps) && step && Object.isFrozen(step));
      assert.throws(() => {
        (flow as { start: string }).start = 'confirm';
      }, TypeError);
      assert.equal(builtInFlow('card-payment').start, 'card_number');
    });

    it('gives each call its own session state', async () => {
      const { tools } = createDemoTools();
      const { vault, capability } = createTokenVault();
      const session = (callId: string) => loadAgentSync('card-payment', { tools }).createSession(createAgentContext({ callId, tenantId: 'ten_demo', tools, vault, capability }));
      const one = session('call_one');
      const two = session('call_two');
      await one.start();
      await two.start();
      const token = vault.tokenize('CREDIT_CARD', '4111111111111111');
      assert.equal((await one.respond({ text: token, entities: [{ type: 'CREDIT_CARD', token }], source: 'speech' })).expect?.entityType, 'CARD_EXPIRY');
      // The second call is still at its first question.
      assert.equal((await two.respond({ text: 'hello', entities: [], source: 'speech' })).expect?.entityType, 'CREDIT_CARD');
    });
  });

  describe('when the tools do not fit the flow', () => {
    it('refuses a flow whose tool is missing', async () => {
      await assert.rejects(loadAgent('card-payment', { tools: [] }), (err) => isSottoError(err, 'FLOW_INVALID') && /charge_card/.test(err.message));
    });

    it('refuses a tool whose card parameter would get the SSN slot', async () => {
      const { tools } = createDemoTools();
      const swapped: Tool[] = tools.map((t) =>
        t.name === 'charge_card'
          ? { ...t, parameters: { ...t.parameters, card_number: { type: 'string', entityType: 'US_SSN' }, ssn: { type: 'string', entityType: 'CREDIT_CARD' } } }
          : t,
      );
      await assert.rejects(loadAgent('card-payment', { tools: swapped }), (err) => isSottoError(err, 'FLOW_INVALID') && /card_number/.test(err.message));
    });

    it('refuses a flow that leaves a parameter out or passes one the tool lacks', async () => {
      const { tools } = createDemoTools();
      const extra: Tool[] = tools.map((t) => (t.name === 'verify_patient' ? { ...t, parameters: { ...t.parameters, zip: { type: 'string' } } } : t));
      await assert.rejects(loadAgent('appointment-booking', { tools: extra }), (err) => isSottoError(err, 'FLOW_INVALID') && /needs zip/.test(err.message));
      const fewer: Tool[] = tools.map((t) => (t.name === 'book_appointment' ? { ...t, parameters: { day: { type: 'string' } } } : t));
      await assert.rejects(loadAgent('appointment-booking', { tools: fewer }), (err) => isSottoError(err, 'FLOW_INVALID') && /patient_id/.test(err.message));
    });
  });

  it('loads a flow file by path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sotto-agent-'));
    try {
      const path = join(dir, 'hello.yaml');
      await writeFile(path, 'name: hello\ndescription: Says hello.\nstart: bye\nsteps:\n  bye: { kind: end, prompt: Hello and goodbye., outcome: completed }\n');
      const agent = await loadAgent(path, { tools: [] });
      assert.equal(agent.name, 'hello');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
