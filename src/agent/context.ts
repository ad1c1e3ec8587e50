import type { TokenCapability, TokenVault } from '../detect/index.js';
import type { AgentContext, Tool } from './agent.js';
import { createToolRunner } from './tool-runner.js';

export interface AgentContextOptions {
  callId: string;
  tenantId: string;
  tools: readonly Tool[];
  /** The call's token vault and the one capability that resolves its tokens. */
  vault: TokenVault;
  capability: TokenCapability;
  toolTimeoutMs?: number;
  /** Clock for expiry and date-of-birth checks (tests). */
  now?: () => Date;
}

/**
 * What an agent session gets for one call: a tool runner (with its slot validator) that holds the
 * capability, so the agent itself only ever handles tokens.
 */
export function createAgentContext(options: AgentContextOptions): AgentContext {
  const { callId, tenantId, tools, vault, capability } = options;
  return {
    callId,
    tenantId,
    tools: createToolRunner({ tools, vault, capability, callId, tenantId, timeoutMs: options.toolTimeoutMs, now: options.now }),
  };
}
