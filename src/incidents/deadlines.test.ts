import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notificationDeadlines, type NotificationDeadline } from './deadlines.js';
import type { Incident } from './types.js';

const incident = (overrides: Partial<Incident> = {}): Incident => ({
  id: 'inc_AAAAAAAAAAAAAAAAAAAAAA',
  tenantId: 'acme',
  title: 't',
  summary: undefined,
  severity: 'high',
  status: 'open',
  detectedAt: '2026-03-10T08:00:00.000Z',
  windowStart: '2026-03-09T00:00:00.000Z',
  windowEnd: undefined,
  regimes: ['gdpr', 'hipaa', 'pci_dss', 'california'],
  affectedIndividuals: undefined,
  highRisk: false,
  createdAt: '2026-03-10T08:00:00.000Z',
  createdBy: 'local-operator',
  updatedAt: '2026-03-10T08:00:00.000Z',
  closedAt: undefined,
  ...overrides,
});
const find = (all: NotificationDeadline[], regime: string, recipient: string) => {
  const found = all.find((n) => n.regime === regime && n.recipient === recipient);
  assert.ok(found, `${regime}/${recipient} is listed`);
  return found;
};

describe('notification deadlines', () => {
  describe('GDPR Art. 33: the authority within 72 hours of awareness', () => {
    it('is due exactly 72 h after detectedAt and pending until then', () => {
      const at = new Date('2026-03-13T08:00:00.000Z');
      const n = find(notificationDeadlines(incident(), [], at), 'gdpr', 'authority');
      assert.equal(n.due, '2026-03-13T08:00:00.000Z');
      assert.equal(n.status, 'pending');
      assert.match(n.citation, /Art\. 33\(1\)/);
    });

    it('is overdue one millisecond later', () => {
      const n = find(notificationDeadlines(incident(), [], new Date('2026-03-13T08:00:00.001Z')), 'gdpr', 'authority');
      assert.equal(n.status, 'overdue');
    });

    it('once marked sent it stays sent, with its time, however late', () => {
      const records = [{ regime: 'gdpr' as const, recipient: 'authority', status: 'sent' as const, at: '2026-03-14T00:00:00.000Z', by: 'usr_1' }];
      const n = find(notificationDeadlines(incident(), records, new Date('2026-04-01T00:00:00Z')), 'gdpr', 'authority');
      assert.deepEqual([n.status, n.at], ['sent', '2026-03-14T00:00:00.000Z']);
    });
  });

  describe('GDPR Art. 34: data subjects', () => {
    it('is not required unless the incident is high risk', () => {
      assert.equal(find(notificationDeadlines(incident(), [], new Date()), 'gdpr', 'data_subjects').status, 'not_required');
    });

    it('when high risk it is "without undue delay": no fixed due time, never computed overdue', () => {
      const n = find(notificationDeadlines(incident({ highRisk: true }), [], new Date('2027-01-01T00:00:00Z')), 'gdpr', 'data_subjects');
      assert.deepEqual([n.due, n.status], [null, 'pending']);
      assert.match(n.dueText, /without undue delay/);
    });
  });

  describe('HIPAA breach notification rule', () => {
    it('individuals: 60 days after discovery (164.404)', () => {
      const n = find(notificationDeadlines(incident(), [], new Date('2026-03-11T00:00:00Z')), 'hipaa', 'individuals');
      assert.equal(n.due, '2026-05-09T08:00:00.000Z');
    });

    it('HHS: with 500+ individuals 60 days; with fewer, 60 days after the calendar year ends (164.408)', () => {
      const now = new Date('2026-03-11T00:00:00Z');
      assert.equal(find(notificationDeadlines(incident({ affectedIndividuals: 500 }), [], now), 'hipaa', 'hhs').due, '2026-05-09T08:00:00.000Z');
      assert.equal(find(notificationDeadlines(incident({ affectedIndividuals: 12 }), [], now), 'hipaa', 'hhs').due, '2027-03-02T00:00:00.000Z');
    });

    it('media: not required at 500 or fewer; required (fail closed) when the count is unknown (164.406)', () => {
      const now = new Date('2026-03-11T00:00:00Z');
      assert.equal(find(notificationDeadlines(incident({ affectedIndividuals: 500 }), [], now), 'hipaa', 'media').status, 'not_required');
      assert.equal(find(notificationDeadlines(incident({ affectedIndividuals: 501 }), [], now), 'hipaa', 'media').status, 'pending');
      assert.equal(find(notificationDeadlines(incident(), [], now), 'hipaa', 'media').status, 'pending');
    });
  });

  it('PCI DSS: card brands and acquirer "immediately", with no fixed hours computed', () => {
    const n = find(notificationDeadlines(incident(), [], new Date('2030-01-01T00:00:00Z')), 'pci_dss', 'card_brands_acquirer');
    assert.deepEqual([n.due, n.status], [null, 'pending']);
    assert.match(n.citation, /12\.10\.1/);
  });

  it('only the incident’s regimes are listed, each row with a citation', () => {
    const all = notificationDeadlines(incident({ regimes: ['gdpr'] }), [], new Date());
    assert.deepEqual([...new Set(all.map((n) => n.regime))], ['gdpr']);
    for (const n of notificationDeadlines(incident(), [], new Date())) assert.ok(n.citation.length > 5);
  });
});
