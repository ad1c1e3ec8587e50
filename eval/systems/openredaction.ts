// Baseline: the openredaction package, which reports character positions itself.
import { OpenRedaction } from 'openredaction';
import type { DetectionSystem } from './types.js';

export function mapOpenRedactionType(t: string): string {
  const u = t.toUpperCase();
  if (u.includes('CREDIT_CARD') || u.includes('CARD_NUMBER')) return 'CREDIT_CARD';
  if (u.includes('CVV') || u.includes('CVC')) return 'CARD_CVV';
  if (u.includes('SSN') || u.includes('SOCIAL_SECURITY')) return 'US_SSN';
  if (u.includes('ROUTING')) return 'ROUTING_NUMBER';
  if (u.includes('BANK_ACCOUNT') || u.includes('IBAN') || u.includes('ACCOUNT_NUMBER')) return 'BANK_ACCOUNT';
  if (u.includes('PHONE')) return 'PHONE_NUMBER';
  if (u.includes('EMAIL')) return 'EMAIL';
  if (u.includes('NAME')) return 'PERSON_NAME';
  if (u.includes('ADDRESS') || u.includes('POSTCODE') || u.includes('ZIP')) return 'ADDRESS';
  if (u.includes('BIRTH') || u === 'DOB') return 'DATE_OF_BIRTH';
  if (u.includes('MEDICAL_RECORD') || u.includes('MRN')) return 'MEDICAL_RECORD_NUMBER';
  if (u.includes('PIN')) return 'PIN';
  return 'OTHER';
}

export function openRedactionSystem(): DetectionSystem {
  // No learning store (it writes files) and no cache (repeated prompts would flatter speed).
  const detector = new OpenRedaction({ enableLearning: false, enableCache: false });
  return {
    name: 'openredaction',
    async detect(conversation) {
      const out = [];
      for (const t of conversation.turns) {
        const r = await detector.detect(t.text);
        out.push(r.detections.map((d) => ({ type: mapOpenRedactionType(d.type), start: d.position[0], end: d.position[1] })));
      }
      return out;
    },
  };
}
