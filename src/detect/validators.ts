// Checksums and format rules: they raise confidence in an unprompted number, never veto a prompted one.

/** ISO/IEC 7812 Luhn check digit. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ABA routing transit number checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function abaValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const d = [...digits].map(Number) as number[];
  const at = (k: number): number => d[k] ?? 0;
  const sum = 3 * (at(0) + at(3) + at(6)) + 7 * (at(1) + at(4) + at(7)) + (at(2) + at(5) + at(8));
  // The first two digits are a Federal Reserve routing symbol: 00–12, 21–32, 61–72, 80.
  const prefix = at(0) * 10 + at(1);
  const prefixOk = prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  return sum % 10 === 0 && prefixOk && digits !== '000000000';
}

/** SSA rules: area not 000, 666 or 900–999; group not 00; serial not 0000. */
export function ssnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  return area !== 0 && area !== 666 && area < 900 && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000';
}

/** MMYY, MYY, MMYYYY forms of a card expiry with a real month. */
export function expiryShapeValid(digits: string): boolean {
  const month = digits.length === 3 ? Number(digits.slice(0, 1)) : Number(digits.slice(0, 2));
  return digits.length >= 3 && digits.length <= 6 && month >= 1 && month <= 12;
}

/** NANP: area code and exchange do not start with 0 or 1. */
export function nanpValid(digits: string): boolean {
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return national.length === 10 && /^[2-9]\d{2}[2-9]/.test(national);
}
