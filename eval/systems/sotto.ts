// Sotto's detector through its batch API (src/detect/index.ts, issue 4). Imported
// dynamically so the evaluator runs, and says why not, before the detector exists.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Span } from '../corpus/format.js';
import { SystemUnavailableError, type DetectionSystem, type InputConversation } from './types.js';

interface RedactedTurn { entities?: unknown }
type RedactConversation = (c: InputConversation) => { turns?: RedactedTurn[] } | Promise<{ turns?: RedactedTurn[] }>;

const INDEX = new URL('../../src/detect/index.ts', import.meta.url);

export async function loadDetectModule(index: URL = INDEX): Promise<Record<string, unknown>> {
  if (!existsSync(fileURLToPath(index))) {
    throw new SystemUnavailableError('sotto: src/detect/index.ts does not exist yet (the detector of issue 4 has not landed)');
  }
  // A computed specifier keeps tsc from resolving a module that may not exist yet.
  const specifier: string = index.href;
  return (await import(specifier)) as Record<string, unknown>;
}

function toSpans(entities: unknown): Span[] {
  if (!Array.isArray(entities)) return [];
  return entities.flatMap((e: unknown) => {
    const x = e as Partial<Span>;
    return typeof x.type === 'string' && typeof x.start === 'number' && typeof x.end === 'number' ? [{ type: x.type, start: x.start, end: x.end }] : [];
  });
}

export async function sottoSystem(): Promise<DetectionSystem> {
  const mod = await loadDetectModule();
  const redact = mod['redactConversation'];
  if (typeof redact !== 'function') throw new SystemUnavailableError('sotto: src/detect/index.ts does not export redactConversation yet');
  const redactConversation = redact as RedactConversation;
  return {
    name: 'sotto',
    async detect(conversation) {
      const out = await redactConversation(conversation);
      return conversation.turns.map((_, i) => toSpans(out.turns?.[i]?.entities));
    },
  };
}
