/**
 * Who processes conversation data on Sotto's behalf. Operators must be able to list every
 * party that hears a caller (GDPR Art. 28(2) and (4): processors and their sub-processors);
 * in-process engines say `local: true`, so a deployment can prove audio never left the host.
 */
export interface Subprocessor {
  name: string;
  kind: 'asr' | 'tts' | 'llm';
  local: boolean;
}
