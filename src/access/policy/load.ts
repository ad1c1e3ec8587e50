import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { sha256 } from '../../crypto/index.js';
import { SottoError } from '../../errors/index.js';
import { CompiledAuthorizer } from './authorizer.js';
import type { PolicyAuthorizer } from './request.js';
import { parsePolicy } from './schema.js';

/** The policy shipped with Sotto: `policies/default.yaml` at the project root. */
export const DEFAULT_POLICY_PATH = fileURLToPath(new URL('../../../policies/default.yaml', import.meta.url));

/** Validate a policy's text and compile it; POLICY_INVALID names the offending line. */
export function compilePolicy(text: string, source = '(inline)'): PolicyAuthorizer {
  return new CompiledAuthorizer(parsePolicy(text, source), source, sha256(Buffer.from(text, 'utf8')).toString('hex'));
}

/** Read, validate and compile a policy file (the default policy when no path is given). */
export async function loadPolicy(path: string = DEFAULT_POLICY_PATH): Promise<PolicyAuthorizer> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new SottoError('POLICY_INVALID', `access policy ${path} cannot be read`, { cause });
  }
  return compilePolicy(text, path);
}
