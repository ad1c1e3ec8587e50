// The acme resources the incident and subject-export rows aim at, made in-process before the
// table runs (as the local operator, like the lifecycle targets), and ids that exist nowhere.
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../../src/access/index.js';
import { randomId } from '../../../src/crypto/index.js';
import type { ApiFixture } from '../../support/api-fixture.js';
import type { Targets } from './endpoints.js';

type IncidentExportTargets = Pick<
  Targets,
  'incidentId' | 'missingIncidentId' | 'newIncidentId' | 'freshIncidentId' | 'exportSubject' | 'exportRecipient' | 'exportIdentity' | 'exportId' | 'missingExportId'
>;

const MINUTE = 60_000;

export async function prepareIncidentExportTargets(fx: ApiFixture): Promise<IncidentExportTargets> {
  const open = async (window: { start: number; end?: number }): Promise<string> => {
    const incident = await fx.runtime.incidents.open(
      LOCAL_OPERATOR,
      {
        tenantId: 'acme',
        title: 'table: fixture incident',
        severity: 'high',
        detectedAt: new Date().toISOString(),
        windowStart: new Date(window.start).toISOString(),
        ...(window.end === undefined ? {} : { windowEnd: new Date(window.end).toISOString() }),
        regimes: ['gdpr'],
      },
      CLI_CONTEXT,
    );
    return incident.id;
  };
  const newIncidentId = async (status: 'open' | 'closed'): Promise<string> => {
    const id = await open({ start: Date.now() - MINUTE });
    if (status === 'closed') await fx.runtime.incidents.close(LOCAL_OPERATOR, id, CLI_CONTEXT);
    return id;
  };
  // A closed window before the table: impact reads a few entries, not the whole growing log.
  const incidentId = await open({ start: Date.now() - 10 * MINUTE, end: Date.now() - 9 * MINUTE });

  const identity = await generateIdentity();
  const recipient = await identityToRecipient(identity);
  const subjectId = fx.tenants.acme.call.subjectId;
  const made = await fx.runtime.lifecycle.exportSubject(LOCAL_OPERATOR, { tenantId: 'acme', subjectId, recipient: { recipient } }, CLI_CONTEXT);
  return {
    incidentId,
    missingIncidentId: randomId('inc'),
    newIncidentId,
    freshIncidentId: randomId('inc'),
    exportSubject: subjectId,
    exportRecipient: recipient,
    exportIdentity: identity,
    exportId: made.exportId,
    missingExportId: randomId('art'),
  };
}
