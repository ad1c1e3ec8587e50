import { basename } from 'node:path';
import type { SottoConfig } from '../config/index.js';
import type { OutsideDeclaration, SubprocessorDeclaration } from '../config/subprocessors.js';

/** What a provider does for this deployment. */
export type SubprocessorRole = 'asr' | 'tts' | 'llm' | 'storage' | 'key_management';

/**
 * One provider in use. `local`: in-process or on this host (nothing leaves the machine);
 * `declared`: outside, with the operator's declaration; `undeclared`: outside and trusted for
 * nothing until declared (fail closed).
 */
export interface RegistryEntry {
  name: string;
  role: SubprocessorRole;
  status: 'local' | 'declared' | 'undeclared';
  /** Set when status is 'declared'. */
  declaration: OutsideDeclaration | undefined;
}

type Declarations = Readonly<Record<string, SubprocessorDeclaration>>;

/**
 * The name an OpenAI-compatible endpoint has in the registry and in call records: its host.
 * The call pipeline names the LLM agent's subprocessor with this same function.
 */
export function llmProviderName(baseUrl: string): string {
  return new URL(baseUrl).hostname.toLowerCase().replace(/[^a-z0-9.-]/g, '-').slice(0, 60);
}

/**
 * Places a provider. Something Sotto runs itself (an in-process engine, the filesystem) is
 * local; anything reached over a network is outside unless the operator declares it on-host.
 */
export function classify(name: string, role: SubprocessorRole, runsInProcess: boolean, declarations: Declarations): RegistryEntry {
  const declared = Object.hasOwn(declarations, name) ? declarations[name] : undefined;
  if (runsInProcess || (declared && 'onHost' in declared)) return { name, role, status: 'local', declaration: undefined };
  if (declared) return { name, role, status: 'declared', declaration: declared };
  return { name, role, status: 'undeclared', declaration: undefined };
}

function keyManagement(config: SottoConfig, declarations: Declarations): RegistryEntry {
  if (config.keys.provider === 'local') return classify('local-keyring', 'key_management', true, declarations);
  const module = basename(config.keys.modulePath).toLowerCase().replace(/\.(so|dylib|dll)(\.[0-9.]+)?$/, '').replace(/[^a-z0-9._-]/g, '-');
  // SoftHSM is a software token: its keys live in files on this host by construction.
  // Any other PKCS#11 module may be a network HSM (CloudHSM, Luna): outside unless declared.
  return classify(`pkcs11:${module}`.slice(0, 100), 'key_management', module.startsWith('libsofthsm2'), declarations);
}

function storage(config: SottoConfig, declarations: Declarations): RegistryEntry {
  if (config.blobs.kind === 'fs') return classify('filesystem', 'storage', true, declarations);
  return classify(`s3:${config.blobs.bucket.toLowerCase()}`.slice(0, 100), 'storage', false, declarations);
}

/** Every provider this deployment's configuration uses, in pipeline order. */
export function deploymentRegistry(config: SottoConfig): RegistryEntry[] {
  const declarations = config.subprocessors.declarations;
  const asr = config.calls.asr.provider === 'deepgram' ? classify('deepgram', 'asr', false, declarations) : classify('pocketsphinx', 'asr', true, declarations);
  const entries = [asr, classify('flite', 'tts', true, declarations)];
  // A loopback model endpoint counts as outside too: it may be a proxy to a cloud model.
  if (config.calls.llm) entries.push(classify(llmProviderName(config.calls.llm.baseUrl), 'llm', false, declarations));
  entries.push(storage(config, declarations), keyManagement(config, declarations));
  return entries;
}
