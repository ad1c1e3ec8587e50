import type { AccessGateway, Principal, RequestContext } from '../../access/index.js';
import { isSottoError } from '../../errors/index.js';
import { checkTenantId } from '../../vault/names.js';
import type { MintedStreamToken, StreamTokens } from './stream-tokens.js';

export interface StreamTokenRequest {
  tenantId: string;
  agent?: string;
  ttlSeconds?: number;
}

/**
 * Mints a stream token for a principal holding `call.connect` on the tenant: the decision is
 * audited first (denials included), then the token id and expiry are audited as
 * `call.stream_token` — never the token. If that entry cannot be written the token is withdrawn
 * (fail closed: no usable credential without its audit entry). Shared by the API and the CLI.
 */
export async function issueStreamToken(
  deps: { gateway: AccessGateway; streamTokens: StreamTokens },
  principal: Principal,
  request: StreamTokenRequest,
  ctx: RequestContext,
): Promise<MintedStreamToken> {
  // Shape-checked before it is written into the audit entry (USAGE otherwise).
  const tenantId = checkTenantId(request.tenantId);
  const resource = { type: 'tenant' as const, id: tenantId, tenantId };
  await deps.gateway.require(principal, 'call.connect', resource, ctx);
  let minted: MintedStreamToken;
  try {
    minted = await deps.streamTokens.mint({ ...request, createdBy: principal.id });
  } catch (err) {
    await deps.gateway.record(principal, 'call.stream_token', resource, 'denied', isSottoError(err) ? err.code : 'INTERNAL', ctx);
    throw err;
  }
  try {
    const agent = minted.agent === undefined ? '' : ` agent ${minted.agent}`;
    await deps.gateway.record(principal, 'call.stream_token', resource, 'allowed', `token ${minted.id}${agent} expires ${minted.expiresAt}`, ctx);
  } catch (err) {
    await deps.streamTokens.discard(minted.id).catch(() => undefined);
    throw err;
  }
  return minted;
}
