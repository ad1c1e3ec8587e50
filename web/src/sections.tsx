// The console's sections: what the navigation lists and which view each path renders. A section
// is listed only when the signed-in principal holds one of its permissions (GET /v1/me); the
// server refuses the underlying requests regardless, so hiding is courtesy, not control.
import type { Me } from './api.js';
import { CallDetail } from './call-detail.js';
import { CallsList } from './calls-list.js';
import type { Route } from './route.js';
import { AuditView } from './views/audit.js';
import { ErasuresView } from './views/erasures.js';
import { ExportsView } from './views/exports.js';
import { IncidentsView } from './views/incidents.js';
import { PostureView } from './views/posture.js';
import { RetentionView } from './views/retention.js';
import { SubprocessorsView } from './views/subprocessors.js';
import { TryAgentView } from './views/try-agent.js';
import { UsersView } from './views/users.js';

export interface ViewProps {
  me: Me;
  /** The path segment after the section, e.g. a call or incident id. */
  id?: string | undefined;
}

export interface Section {
  key: string;
  label: string;
  /** Listed when the principal holds any of these. */
  anyOf: readonly string[];
  View: (props: ViewProps) => React.JSX.Element;
}

export const SECTIONS: readonly Section[] = [
  { key: 'calls', label: 'Calls', anyOf: ['call.view'], View: ({ me, id }) => (id ? <CallDetail id={id} me={me} /> : <CallsList />) },
  { key: 'try', label: 'Try the agent', anyOf: ['call.connect'], View: TryAgentView },
  { key: 'audit', label: 'Audit', anyOf: ['audit.read'], View: AuditView },
  { key: 'retention', label: 'Retention & holds', anyOf: ['retention.manage'], View: RetentionView },
  { key: 'erasures', label: 'Erasures', anyOf: ['call.delete', 'retention.manage'], View: ErasuresView },
  { key: 'exports', label: 'Exports', anyOf: ['call.export'], View: ExportsView },
  { key: 'subprocessors', label: 'Subprocessors', anyOf: ['subprocessors.manage', 'audit.read'], View: SubprocessorsView },
  { key: 'incidents', label: 'Incidents', anyOf: ['incident.manage'], View: IncidentsView },
  { key: 'users', label: 'Users & roles', anyOf: ['users.manage'], View: UsersView },
  { key: 'posture', label: 'Posture', anyOf: ['audit.read'], View: PostureView },
];

export function visibleSections(me: Me): Section[] {
  return SECTIONS.filter((s) => s.anyOf.some((p) => me.permissions.includes(p)));
}

export function sectionFor(route: Route, me: Me): Section | undefined {
  return visibleSections(me).find((s) => s.key === route.section);
}
