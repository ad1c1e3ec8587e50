import { auditableId, type AccessGateway, type Principal, type RequestContext, type ResourceRef } from '../access/index.js';
import { randomId } from '../crypto/index.js';
import { isSottoError, SottoError } from '../errors/index.js';
import type { MetadataStore } from '../store/meta/metadata-store.js';
import { checkTenantId } from '../vault/index.js';
import { notificationDeadlines, recipientsOf, type NotificationDeadline } from './deadlines.js';
import { incidentImpact, DEPLOYMENT_SCOPE, type AuditEntrySource, type IncidentImpact } from './impact.js';
import { findIncident, insertIncident, listIncidents, notificationRecords, saveIncident, upsertNotification } from './incident-rows.js';
import type { Incident, IncidentChanges, OpenIncidentRequest, Regime } from './types.js';
import * as v from './validate.js';

export interface IncidentRegisterDeps {
  store: MetadataStore;
  /** Authorizes (incident.manage) and audits every change and read. */
  gateway: AccessGateway;
  audit: AuditEntrySource;
  now?: () => Date;
}

export interface IncidentView extends Incident {
  notifications: NotificationDeadline[];
}

/**
 * The incident register (docs/incidents.md). Each call is authorized with incident.manage
 * through the gateway (a decision entry), and each change adds an entry naming the incident
 * id and what changed — never the title or summary, which may name people.
 */
export class IncidentRegister {
  private readonly now: () => Date;

  constructor(private readonly deps: IncidentRegisterDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async open(principal: Principal, request: OpenIncidentRequest, ctx: RequestContext): Promise<IncidentView> {
    const tenantId = request.tenantId === null ? null : checkTenantId(request.tenantId);
    await this.authorize(principal, { type: 'incident', id: null, tenantId: tenantId ?? DEPLOYMENT_SCOPE }, ctx);
    if (tenantId !== null && !(await this.deps.store.tenants.get(tenantId))) throw new SottoError('NOT_FOUND', 'no such tenant');
    const now = this.now();
    const at = now.toISOString();
    const incident: Incident = {
      id: randomId('inc'),
      tenantId,
      title: v.checkTitle(request.title),
      summary: v.checkSummary(request.summary),
      severity: v.checkSeverity(request.severity),
      status: 'open',
      detectedAt: v.checkTime(request.detectedAt, 'detectedAt'),
      windowStart: v.checkTime(request.windowStart, 'windowStart'),
      windowEnd: request.windowEnd === undefined ? undefined : v.checkTime(request.windowEnd, 'windowEnd'),
      regimes: v.checkRegimes(request.regimes),
      affectedIndividuals: v.checkCount(request.affectedIndividuals),
      highRisk: request.highRisk === true,
      createdAt: at,
      createdBy: principal.id,
      updatedAt: at,
      closedAt: undefined,
    };
    v.checkWindow(incident.windowStart, incident.windowEnd, incident.detectedAt, now);
    await insertIncident(this.deps.store.sql, incident);
    await this.recordChange(principal, 'incident.open', incident, `severity ${incident.severity}; regimes ${incident.regimes.join(',') || 'none'}`, ctx);
    return this.view(incident);
  }

  async update(principal: Principal, id: string, changes: IncidentChanges, ctx: RequestContext): Promise<IncidentView> {
    const current = await this.load(principal, id, ctx);
    if (current.status === 'closed') throw new SottoError('INCIDENT_TRANSITION_INVALID', 'a closed incident is reopened before it is updated');
    const next: Incident = { ...current };
    const changed: string[] = [];
    const set = <K extends keyof Incident>(key: K, value: Incident[K]): void => {
      if (JSON.stringify(next[key]) !== JSON.stringify(value)) changed.push(key);
      next[key] = value;
    };
    if (changes.title !== undefined) set('title', v.checkTitle(changes.title));
    if (changes.summary !== undefined) set('summary', v.checkSummary(changes.summary));
    if (changes.severity !== undefined) set('severity', v.checkSeverity(changes.severity));
    if (changes.status !== undefined) {
      if (changes.status !== 'open' && changes.status !== 'contained') throw new SottoError('INCIDENT_INVALID', 'status is open or contained; use close to close');
      set('status', changes.status);
    }
    if (changes.detectedAt !== undefined) set('detectedAt', v.checkTime(changes.detectedAt, 'detectedAt'));
    if (changes.windowStart !== undefined) set('windowStart', v.checkTime(changes.windowStart, 'windowStart'));
    if (changes.windowEnd !== undefined) set('windowEnd', changes.windowEnd === null ? undefined : v.checkTime(changes.windowEnd, 'windowEnd'));
    if (changes.regimes !== undefined) set('regimes', v.checkRegimes(changes.regimes));
    if (changes.affectedIndividuals !== undefined) set('affectedIndividuals', v.checkCount(changes.affectedIndividuals));
    if (changes.highRisk !== undefined) set('highRisk', changes.highRisk === true);
    v.checkWindow(next.windowStart, next.windowEnd, next.detectedAt, this.now());
    if (changed.length === 0) return this.view(current);
    next.updatedAt = this.now().toISOString();
    await saveIncident(this.deps.store.sql, next, current.status);
    // Field names only: the values of title and summary stay out of the audit log.
    await this.recordChange(principal, 'incident.update', next, `changed ${changed.join(',')}; status ${next.status}`, ctx);
    return this.view(next);
  }

  async close(principal: Principal, id: string, ctx: RequestContext): Promise<IncidentView> {
    return this.transition(principal, id, 'closed', ctx);
  }

  /** A closed incident found to be wider than thought is reopened, not duplicated. */
  async reopen(principal: Principal, id: string, ctx: RequestContext): Promise<IncidentView> {
    return this.transition(principal, id, 'open', ctx);
  }

  async show(principal: Principal, id: string, ctx: RequestContext): Promise<IncidentView> {
    return this.view(await this.load(principal, id, ctx));
  }

  /** Incidents of a tenant; the local operator may omit it (every incident, deployment-wide too). */
  async list(principal: Principal, request: { tenantId?: string | undefined; includeClosed?: boolean }, ctx: RequestContext): Promise<IncidentView[]> {
    const tenantId = request.tenantId === undefined ? undefined : checkTenantId(request.tenantId);
    await this.authorize(principal, { type: 'tenant', id: tenantId ?? null, tenantId: tenantId ?? DEPLOYMENT_SCOPE }, ctx);
    const incidents = await listIncidents(this.deps.store.sql, tenantId, request.includeClosed === true);
    return Promise.all(incidents.map((i) => this.view(i)));
  }

  async impact(principal: Principal, id: string, ctx: RequestContext): Promise<IncidentImpact> {
    const incident = await this.load(principal, id, ctx);
    return incidentImpact(this.deps.audit, incident, this.now());
  }

  /** Mark one regime's notification to one recipient as sent (at a time) or not required. */
  async notify(
    principal: Principal,
    id: string,
    request: { regime: string; recipient: string; status?: 'sent' | 'not_required'; at?: string | undefined },
    ctx: RequestContext,
  ): Promise<IncidentView> {
    const incident = await this.load(principal, id, ctx);
    const regime = request.regime as Regime;
    if (!incident.regimes.includes(regime)) throw new SottoError('INCIDENT_INVALID', `the incident does not list regime ${auditableId(request.regime)}`);
    if (!recipientsOf(regime).includes(request.recipient)) {
      throw new SottoError('INCIDENT_INVALID', `${regime} recipients are ${recipientsOf(regime).join(', ')}`);
    }
    const status = request.status ?? 'sent';
    const at = request.at === undefined ? this.now().toISOString() : v.checkTime(request.at, 'at');
    await upsertNotification(this.deps.store.sql, incident.id, { regime, recipient: request.recipient, status, at, by: principal.id });
    await this.recordChange(principal, 'incident.notify', incident, `${regime} ${request.recipient} ${status} at ${at}`, ctx);
    return this.view(incident);
  }

  private async transition(principal: Principal, id: string, to: 'closed' | 'open', ctx: RequestContext): Promise<IncidentView> {
    const current = await this.load(principal, id, ctx);
    if ((to === 'closed') === (current.status === 'closed')) {
      throw new SottoError('INCIDENT_TRANSITION_INVALID', to === 'closed' ? 'the incident is already closed' : 'only a closed incident is reopened');
    }
    const at = this.now().toISOString();
    const next: Incident = { ...current, status: to, updatedAt: at, closedAt: to === 'closed' ? at : undefined };
    await saveIncident(this.deps.store.sql, next, current.status);
    await this.recordChange(principal, to === 'closed' ? 'incident.close' : 'incident.reopen', next, `status ${current.status} -> ${to}`, ctx);
    return this.view(next);
  }

  /**
   * Find and authorize. A missing id, a malformed one and another tenant's incident all answer
   * INCIDENT_NOT_FOUND with the same message: no existence oracle across tenants.
   */
  private async load(principal: Principal, id: string, ctx: RequestContext): Promise<Incident> {
    const incident = v.INCIDENT_ID.test(id) ? await findIncident(this.deps.store.sql, id) : undefined;
    if (incident === undefined) {
      await this.deps.gateway.record(principal, 'incident.manage', { type: 'incident', id: auditableId(id), tenantId: principal.tenantId ?? null }, 'denied', 'not found', ctx);
      throw new SottoError('INCIDENT_NOT_FOUND');
    }
    await this.authorize(principal, resourceOf(incident), ctx);
    return incident;
  }

  private async authorize(principal: Principal, resource: ResourceRef, ctx: RequestContext): Promise<void> {
    try {
      await this.deps.gateway.require(principal, 'incident.manage', resource, ctx);
    } catch (err) {
      if (isSottoError(err, 'NOT_FOUND') && resource.type === 'incident' && resource.id !== null) throw new SottoError('INCIDENT_NOT_FOUND');
      throw err;
    }
  }

  private async recordChange(principal: Principal, action: string, incident: Incident, reason: string, ctx: RequestContext): Promise<void> {
    await this.deps.gateway.record(principal, action, resourceOf(incident), 'allowed', reason, ctx);
  }

  private async view(incident: Incident): Promise<IncidentView> {
    const records = await notificationRecords(this.deps.store.sql, incident.id);
    return { ...incident, notifications: notificationDeadlines(incident, records, this.now()) };
  }
}

function resourceOf(incident: Incident): ResourceRef {
  return { type: 'incident', id: incident.id, tenantId: incident.tenantId ?? DEPLOYMENT_SCOPE };
}
