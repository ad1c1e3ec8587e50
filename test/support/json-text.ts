/**
 * Every string in a JSON document, keys included. A stored transcript is searched for spoken
 * values here rather than in its raw text: word times in milliseconds (numbers) hold three-digit
 * runs like a CVV's by chance, while a value that leaked would be in a string.
 */
export function stringsOf(json: string): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        out.push(key);
        walk(inner);
      }
    }
  };
  walk(JSON.parse(json));
  return out;
}
