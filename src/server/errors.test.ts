import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES, SottoError } from '../errors/index.js';
import { httpsRequest, startTestServer } from './https-test-client.js';
import type { HttpsAnswer, TestServer } from './https-test-client.js';
import type { SottoApp } from './app.js';
import { BODY_LIMIT_BYTES } from './app.js';
import { SECURITY_HEADERS } from './security-headers.js';

const CARD = '4111111111111111';
const OTHER_CARD = '5555555555554444';

function addFailingRoutes(app: SottoApp): void {
  app.get('/test/denied', async () => {
    throw new SottoError('ACCESS_DENIED', 'principal may not read call c_1');
  });
  app.get('/test/key-provider-down', async () => {
    throw new SottoError('KEY_PROVIDER_UNAVAILABLE', 'cannot reach hsm.internal:2345 with pin file /etc/sotto/pin');
  });
  app.get('/test/bug', async () => {
    throw new Error(`undefined is not a function near card ${CARD}`);
  });
  app.post(
    '/test/echo',
    {
      schema: {
        body: {
          type: 'object',
          required: ['amount'],
          additionalProperties: false,
          properties: { amount: { type: 'integer' } },
        },
      },
    },
    async (request) => request.body,
  );
}

function errorOf(answer: HttpsAnswer): { code: string; message: string } {
  const parsed = JSON.parse(answer.body) as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(parsed), ['error']);
  assert.deepEqual(Object.keys(parsed.error).sort(), ['code', 'message']);
  return parsed.error;
}

function assertNoStack(answer: HttpsAnswer): void {
  assert.ok(!answer.body.includes('stack'), 'body names a stack');
  assert.ok(!/\bat .+\(.+:\d+:\d+\)/.test(answer.body), 'body contains a stack frame');
  assert.ok(!answer.body.includes('.ts:'), 'body names a source file');
}

describe('server error handling', () => {
  let running: TestServer;
  const call = (path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    httpsRequest(`${running.server.url}${path}`, { ca: running.ca, ...options });

  before(async () => {
    running = await startTestServer({ routes: addFailingRoutes });
  });
  after(async () => {
    await running.stop();
  });

  describe('when a handler throws a SottoError with a 4xx status', () => {
    it('answers with its registry status, code and message, and no stack', async () => {
      const answer = await call('/test/denied');
      assert.equal(answer.status, 403);
      assert.deepEqual(errorOf(answer), { code: 'ACCESS_DENIED', message: 'principal may not read call c_1' });
      assertNoStack(answer);
      assert.equal(answer.headers['x-frame-options'], SECURITY_HEADERS['x-frame-options']);
    });
  });

  describe('when a handler throws a SottoError with a 5xx status', () => {
    it('answers with its status and code but the registry text, not the detail', async () => {
      const answer = await call('/test/key-provider-down');
      assert.equal(answer.status, 503);
      assert.deepEqual(errorOf(answer), { code: 'KEY_PROVIDER_UNAVAILABLE', message: ERROR_CODES.KEY_PROVIDER_UNAVAILABLE.text });
      assert.ok(!answer.body.includes('hsm.internal'));
      assertNoStack(answer);
    });
  });

  describe('when a handler throws a plain Error', () => {
    it('answers 500 INTERNAL with a generic message', async () => {
      const answer = await call('/test/bug');
      assert.equal(answer.status, 500);
      assert.deepEqual(errorOf(answer), { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.text });
      assert.ok(!answer.body.includes(CARD) && !answer.body.includes('undefined is not a function'));
      assertNoStack(answer);
    });

    it('logs the error with the request id the client was given', async () => {
      const answer = await call('/test/bug');
      const requestId = answer.headers['x-request-id'];
      const logged = running.log.lines().find((line) => line['reqId'] === requestId && line['msg'] === 'request failed');
      assert.ok(logged, 'no error line carries the request id');
      assert.equal(logged['level'], 50);
      assert.match(JSON.stringify(logged['err']), /undefined is not a function/);
    });
  });

  describe('when the body fails the route schema', () => {
    it('answers 400 USAGE naming the rule', async () => {
      const answer = await call('/test/echo', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 'ten' }),
      });
      assert.equal(answer.status, 400);
      const error = errorOf(answer);
      assert.equal(error.code, 'USAGE');
      assert.match(error.message, /amount/);
    });
  });

  describe('when the URL cannot be decoded', () => {
    it('answers 400 USAGE in the same shape, with the security headers, without echoing the path', async () => {
      const answer = await call('/calls/%zz-secret-path');
      assert.equal(answer.status, 400);
      assert.deepEqual(errorOf(answer), { code: 'USAGE', message: ERROR_CODES.USAGE.text });
      assert.ok(!answer.body.includes('secret-path'));
      assert.equal(answer.headers['content-security-policy'], SECURITY_HEADERS['content-security-policy']);
      assert.equal(answer.headers['strict-transport-security'], SECURITY_HEADERS['strict-transport-security']);
    });
  });

  describe('when the body is not valid JSON', () => {
    it('answers 400 USAGE without echoing the body to the client or the log', async () => {
      const answer = await call('/test/echo', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"card": ${OTHER_CARD}x}`,
      });
      assert.equal(answer.status, 400);
      assert.deepEqual(errorOf(answer), { code: 'USAGE', message: ERROR_CODES.USAGE.text });
      assert.ok(!answer.body.includes(OTHER_CARD));
      assert.ok(!running.log.text().includes(OTHER_CARD));
    });
  });

  describe('when the body is larger than the limit', () => {
    it('answers 413 REQUEST_TOO_LARGE', async () => {
      const answer = await call('/test/echo', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1, pad: 'x'.repeat(BODY_LIMIT_BYTES) }),
      });
      assert.equal(answer.status, 413);
      assert.equal(errorOf(answer).code, 'REQUEST_TOO_LARGE');
    });
  });

  describe('when the body has a content type the API does not parse', () => {
    it('answers 415 MEDIA_TYPE_UNSUPPORTED', async () => {
      const answer = await call('/test/echo', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'amount=1' });
      assert.equal(answer.status, 415);
      assert.equal(errorOf(answer).code, 'MEDIA_TYPE_UNSUPPORTED');
    });
  });

  describe('when the body tries prototype poisoning', () => {
    it('answers 400 USAGE', async () => {
      const answer = await call('/test/echo', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"amount": 1, "__proto__": {"admin": true}}',
      });
      assert.equal(answer.status, 400);
      assert.equal(errorOf(answer).code, 'USAGE');
    });
  });
});
