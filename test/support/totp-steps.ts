// TOTP codes for fixture people (not a test file): RFC 6238 §5.2 lets a server refuse a code's
// time step once used, so each sign-in gets a step this person has not used yet (waiting for
// the next one when the current and the next are both taken).
import type { Person } from './api-fixture.js';

export function totpSteps(): (person: Person) => Promise<string> {
  const lastStep = new Map<string, number>();
  return async (person) => {
    const now = Math.floor(Date.now() / 30_000);
    const step = Math.max((lastStep.get(person.id) ?? -1) + 1, now);
    if (step > now + 1) await new Promise((r) => setTimeout(r, (step - 1) * 30_000 - Date.now() + 50));
    lastStep.set(person.id, step);
    return person.totp.generate({ timestamp: step * 30_000 + 1 });
  };
}
