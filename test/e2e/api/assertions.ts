// Checks shared by the API tests: the one error shape, the audit entries a request produced,
// and that nothing personal or secret leaks into an answer or an audit entry.
import assert from 'node:assert/strict';
import type { AuditEntry } from '../../../src/audit/entry.js';
import type { ErrorCode } from '../../../src/errors/index.js';
import { TENANTS, type ApiAnswer, type ApiFixture } from '../../support/api-fixture.js';
import type { Expectation } from './endpoints.js';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

/** `{"error":{"code","message"}}` and nothing else: no stack, no cause, no file paths. */
export function assertErrorAnswer(answer: ApiAnswer, code: ErrorCode): void {
  assert.match(String(answer.headers['content-type']), /^application\/json/);
  const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
  assert.deepEqual(Object.keys(body), ['error'], answer.text);
  assert.deepEqual(Object.keys(body.error ?? {}).sort(), ['code', 'message'], answer.text);
  assert.equal(body.error?.code, code, answer.text);
  assert.equal(typeof body.error?.message, 'string');
  assert.doesNotMatch(answer.text, /stack|\bat \S+:\d+|node_modules|\/src\//, answer.text);
}

/**
 * The entries appended while one request ran: all from that request (its x-request-id), all
 * naming the expected principal, one recording the decision with the expected outcome.
 */
export function assertAuditEntries(
  entries: { index: number; entry: AuditEntry }[],
  answer: ApiAnswer,
  expected: Expectation,
  principalId: string,
  failure?: ErrorCode,
): void {
  const shown = (): string => JSON.stringify(entries.map((e) => e.entry));
  if (expected.audit === 'none') {
    assert.equal(entries.length, 0, `expected no audit entry, got ${shown()}`);
    return;
  }
  const { action, outcome } = expected.audit;
  assert.ok(entries.length >= 1, 'the request left no audit entry');
  for (const { entry } of entries) {
    assert.equal(entry.requestId, answer.headers['x-request-id'], shown());
    assert.equal(entry.principal.id, principalId, shown());
    assert.equal(entry.source, '127.0.0.1');
  }
  const decision = entries.find(({ entry }) => entry.action === action && entry.outcome === outcome);
  assert.ok(decision, `no ${action} ${outcome} entry in ${shown()}`);
  if (outcome === 'denied') {
    assert.ok(!entries.some(({ entry }) => entry.action === action && entry.outcome === 'allowed'), shown());
  }
  if (failure !== undefined) assert.equal(decision.entry.reason, failure);
  if (principalId === 'anonymous') assert.equal(decision.entry.principal.tenantId, null);
}

/**
 * No fixture secret, raw data-subject id, unredacted content or the bearer token used; and,
 * for audit entries (which outlive erasure), no email address either.
 */
export function assertNoSecrets(text: string, fx: ApiFixture, authorization: string | undefined, options: { allowEmails: boolean }): void {
  if (!options.allowEmails) assert.doesNotMatch(text, EMAIL, 'an email address');
  for (const secret of fx.secrets()) assert.ok(!text.includes(secret), 'a fixture secret (password, token or TOTP secret)');
  if (authorization !== undefined) {
    const credential = authorization.replace(/^\S+ /, '');
    assert.ok(!text.includes(credential), 'the presented credential');
  }
  for (const tenant of TENANTS) {
    const call = fx.tenants[tenant].call;
    assert.ok(!text.includes(call.subjectId), 'a raw data-subject id');
    assert.ok(!text.includes('4111 1111'), 'unredacted transcript content');
  }
}
