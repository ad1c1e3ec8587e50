import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principal } from '../../access/index.js';
import { hmacSha256 } from '../../crypto/index.js';
import { browserCallSubject, placedBrowserCall, type SubjectRefs } from './browser-call-placer.js';

/** A keyed hash per tenant, as the vault's SubjectKeys makes it. */
const subjects: SubjectRefs = {
  subjectRef: async (tenantId, subjectId) => hmacSha256(Buffer.from(`key of ${tenantId}`), Buffer.from(subjectId)).toString('hex'),
};
const dev = (id: string, tenantId = 'acme'): Principal => ({ id, kind: 'user', tenantId, roles: ['developer'] });
const callOf = async (placer: Principal, channel: 'webrtc' | 'phone' | 'simulated' = 'webrtc') => ({
  channel,
  tenantId: 'acme',
  subjectRef: await subjects.subjectRef('acme', browserCallSubject(placer)),
});

describe('who placed a browser call, read from its stored record', () => {
  it('recognizes the principal whose keyed subject the webrtc call holds', async () => {
    assert.equal(await placedBrowserCall(subjects, dev('usr_a'), await callOf(dev('usr_a'))), true);
  });

  it('does not take another principal of the tenant for the placer', async () => {
    assert.equal(await placedBrowserCall(subjects, dev('usr_b'), await callOf(dev('usr_a'))), false);
  });

  it('does not count a phone call whose subject id happens to read principal:<id> (a caller can choose what it sends as From)', async () => {
    assert.equal(await placedBrowserCall(subjects, dev('usr_a'), await callOf(dev('usr_a'), 'phone')), false);
    assert.equal(await placedBrowserCall(subjects, dev('usr_a'), await callOf(dev('usr_a'), 'simulated')), false);
  });

  it('does not count a principal of another tenant with the same id', async () => {
    assert.equal(await placedBrowserCall(subjects, dev('usr_a', 'globex'), await callOf(dev('usr_a'))), false);
  });
});
