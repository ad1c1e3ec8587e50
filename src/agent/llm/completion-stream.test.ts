import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSottoError } from '../../errors/index.js';
import { contentChunks, toolCallChunks } from './chat-completions-test-server.js';
import { createCompletionStream } from './completion-stream.js';

function fold(chunks: readonly unknown[], done = true) {
  const stream = createCompletionStream();
  for (const c of chunks) stream.add(JSON.stringify(c));
  if (done) stream.add('[DONE]');
  return stream.turn();
}

describe('folding a streamed chat completion', () => {
  it('joins content deltas', () => {
    const turn = fold(contentChunks('Hello there, how can I help?'));
    assert.equal(turn.content, 'Hello there, how can I help?');
    assert.deepEqual(turn.toolCalls, []);
    assert.equal(turn.finishReason, 'stop');
  });

  it('assembles tool calls by index from fragments', () => {
    const calls = [
      { id: 'call_a', name: 'charge_card', arguments: '{"card_number":"[CREDIT_CARD_1]","amount":42.5}' },
      { id: 'call_b', name: 'lookup', arguments: '{}' },
    ];
    const turn = fold(toolCallChunks(calls, 3));
    assert.deepEqual(turn.toolCalls, calls);
    assert.equal(turn.finishReason, 'tool_calls');
  });

  it('accepts a stream that finished without [DONE]', () => {
    assert.equal(fold(contentChunks('Hi.'), false).content, 'Hi.');
  });

  describe('when the stream is broken', () => {
    it('refuses a truncated stream', () => {
      assert.throws(() => fold(contentChunks('Hi.').slice(0, 2), false), (err) => isSottoError(err, 'LLM_RESPONSE_INVALID'));
    });
    it('refuses data that is not JSON', () => {
      assert.throws(() => createCompletionStream().add('{"choices": ['), (err) => isSottoError(err, 'LLM_RESPONSE_INVALID'));
    });
    it('refuses JSON that is not a chunk', () => {
      assert.throws(() => createCompletionStream().add('{"choices": "nope"}'), (err) => isSottoError(err, 'LLM_RESPONSE_INVALID'));
      assert.throws(() => createCompletionStream().add('{"choices":[{"delta":{"tool_calls":[{"index":-1}]}}]}'), (err) => isSottoError(err, 'LLM_RESPONSE_INVALID'));
    });
    it('refuses data after [DONE]', () => {
      const stream = createCompletionStream();
      stream.add('[DONE]');
      assert.throws(() => stream.add('{}'), (err) => isSottoError(err, 'LLM_RESPONSE_INVALID'));
    });
    it('maps an error reported inside the stream to LLM_UNAVAILABLE', () => {
      assert.throws(() => createCompletionStream().add('{"error":{"message":"overloaded"}}'), (err) => isSottoError(err, 'LLM_UNAVAILABLE'));
    });
  });
});
