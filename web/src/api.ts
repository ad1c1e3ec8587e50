// The console talks only to Sotto's own API, with the HttpOnly session cookie the browser sends
// by itself (docs/console.md); no token is ever visible to a script.

export interface Me {
  id: string;
  kind: string;
  tenantId: string | null;
  roles: string[];
  /** Granted without break-glass; the console shows only what these allow. */
  permissions: string[];
}

export interface CallView {
  id: string;
  agent: string;
  channel: string;
  status: 'active' | 'completed' | 'failed';
  failureReason: string | null;
  startedAt: string;
  endedAt: string | null;
  entityTypes: string[];
  entityCounts?: Record<string, number>;
  outcome: string | null;
  hasRecording?: boolean;
  hasTranscript?: boolean;
}

export interface CallPage {
  calls: CallView[];
  next: string | null;
}

export interface TranscriptTurn {
  speaker: string;
  text: string;
  startMs?: number;
  endMs?: number;
  entities?: { type: string; start: number; end: number }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Listener = (err: ApiError) => void;
let onUnauthorized: Listener = () => undefined;
/** Called for every 401: the session expired, was revoked, or never existed. */
export function setUnauthorizedListener(listener: Listener): void {
  onUnauthorized = listener;
}

export async function api<T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers: init.json === undefined ? {} : { 'content-type': 'application/json' },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    const err = new ApiError(res.status, error?.code ?? 'INTERNAL', error?.message ?? res.statusText);
    if (res.status === 401 && !path.startsWith('/v1/sessions')) onUnauthorized(err);
    throw err;
  }
  return body as T;
}

export interface CallFilters {
  from: string;
  to: string;
  agent: string;
  entityType: string;
  status: string;
}

export function callsQuery(filters: CallFilters, before: string | null): string {
  const q = new URLSearchParams({ limit: '500' });
  // Dates from <input type="date"> are whole days in the operator's time zone.
  if (filters.from) q.set('from', new Date(`${filters.from}T00:00:00`).toISOString());
  if (filters.to) q.set('to', new Date(`${filters.to}T23:59:59.999`).toISOString());
  if (filters.agent.trim()) q.set('agent', filters.agent.trim());
  if (filters.entityType) q.set('entityType', filters.entityType);
  if (filters.status) q.set('status', filters.status);
  if (before) q.set('before', before);
  return `/v1/calls?${q.toString()}`;
}

export const ENTITY_TYPES = [
  'CREDIT_CARD', 'CARD_EXPIRY', 'CARD_CVV', 'US_SSN', 'BANK_ACCOUNT', 'ROUTING_NUMBER', 'PIN', 'DATE_OF_BIRTH',
  'PHONE_NUMBER', 'EMAIL', 'PERSON_NAME', 'ADDRESS', 'MEDICAL', 'MEDICAL_RECORD_NUMBER',
] as const;

export function entityLabel(type: string): string {
  return type.toLowerCase().replace(/_/g, ' ');
}
