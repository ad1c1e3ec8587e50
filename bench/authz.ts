// npm run bench -- authz
// One authorization decision against the compiled default policy (policies/default.yaml):
// 200k requests mixing every role and permission, same and other tenant, with and without a
// break-glass grant (valid, expired, another person's), each timed alone with
// process.hrtime.bigint after a warmup. The timer's own cost, measured the same way in the
// same run, is printed as the baseline (it is included in the per-decision figures).
// Then decisions_per_s from one untimed loop over the same requests.
// Last line: one JSON object.
import type { AuthorizationRequest, BreakGlassGrantRef } from '../src/access/decision.js';
import { PERMISSIONS, ROLES } from '../src/access/permissions.js';
import { loadPolicy } from '../src/access/policy/index.js';
import type { Principal } from '../src/access/principal.js';

const N = 200_000;
const WARMUP = 50_000;
const NOW = new Date('2026-03-01T12:00:00.000Z');

const policy = await loadPolicy();

function buildRequests(): AuthorizationRequest[] {
  const out: AuthorizationRequest[] = [];
  let i = 0;
  for (const tenantId of ['ten_a', 'ten_b']) {
    for (const role of [...ROLES, 'unknown_role']) {
      const principal: Principal = { id: `usr_${role}`, kind: 'user', tenantId: 'ten_a', roles: [role] };
      for (const permission of PERMISSIONS) {
        const grants: (BreakGlassGrantRef | undefined)[] = [
          undefined,
          { grantId: `bg_${i}`, principalId: principal.id, tenantId, permission, resourceId: null, expiresAt: '2026-03-01T12:15:00.000Z' },
          { grantId: `bg_${i}x`, principalId: principal.id, tenantId, permission, resourceId: 'call_1', expiresAt: '2026-03-01T11:59:00.000Z' },
          { grantId: `bg_${i}o`, principalId: 'usr_other', tenantId, permission, resourceId: null, expiresAt: '2026-03-01T12:15:00.000Z' },
        ];
        for (const grant of grants) {
          i++;
          out.push({
            principal,
            permission,
            resource: { tenantId, type: 'call', id: 'call_1' },
            context: grant ? { now: NOW, breakGlassGrant: grant } : { now: NOW },
          });
        }
      }
    }
  }
  // A fixed shuffle, so branch history does not make the run look better than a server's mix.
  let seed = 42;
  for (let k = out.length - 1; k > 0; k--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (k + 1);
    [out[k], out[j]] = [out[j] as AuthorizationRequest, out[k] as AuthorizationRequest];
  }
  return out;
}

const requests = buildRequests();
const pick = (n: number): AuthorizationRequest => requests[n % requests.length] as AuthorizationRequest;

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

let allowed = 0;
for (let n = 0; n < WARMUP; n++) if (policy.authorize(pick(n)).allowed) allowed++;

const timer = new Float64Array(N);
for (let n = 0; n < N; n++) {
  const t0 = process.hrtime.bigint();
  const t1 = process.hrtime.bigint();
  timer[n] = Number(t1 - t0);
}

const samples = new Float64Array(N);
for (let n = 0; n < N; n++) {
  const request = pick(n);
  const t0 = process.hrtime.bigint();
  const decision = policy.authorize(request);
  const t1 = process.hrtime.bigint();
  samples[n] = Number(t1 - t0);
  if (decision.allowed) allowed++;
}
samples.sort();
timer.sort();

const LOOP = 2_000_000;
const t0 = process.hrtime.bigint();
for (let n = 0; n < LOOP; n++) if (policy.authorize(pick(n)).allowed) allowed++;
const loopSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

const us = (ns: number): number => Math.round(ns / 10) / 100;
const result = {
  requests_distinct: requests.length,
  samples: N,
  authz_p50_us: us(percentile(samples, 50)),
  authz_p99_us: us(percentile(samples, 99)),
  authz_p999_us: us(percentile(samples, 99.9)),
  authz_max_us: us(samples[N - 1] as number),
  timer_overhead_p50_us: us(percentile(timer, 50)),
  decisions_per_s: Math.round(LOOP / loopSeconds),
  allowed_share: Math.round((allowed / (WARMUP + N + LOOP)) * 1000) / 1000,
};
console.log(`authz: ${requests.length} distinct requests, ${N} timed decisions, ${LOOP} in a loop`);
console.log(JSON.stringify(result));
