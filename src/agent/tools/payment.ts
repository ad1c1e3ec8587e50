import { luhnValid } from '../../detect/index.js';
import type { Tool } from '../agent.js';
import { readCardExpiries } from '../dates/calendar-dates.js';
import { slotValueValid } from '../slot-validator.js';
import { referenceCode } from './reference-code.js';

/** A card the demo issuer knows, with what it checks a payment against. */
export interface DemoCardAccount {
  cardNumber: string;
  /** MMYY. */
  expiry: string;
  cvv: string;
  /** For the "for verification" question of the demo flow. */
  ssn: string;
  /** Every charge on this card is declined (insufficient funds). */
  declines?: boolean;
}

/**
 * What the demo processor keeps of an approved charge. PCI DSS 3.3.1.2: the CVV is never kept
 * after authorization, and the SSN was only compared; both are absent by design.
 */
export interface DemoCharge {
  callId: string;
  tenantId: string;
  cardNumber: string;
  expiry: string;
  amountCents: number;
  confirmationCode: string;
}

export interface DemoPaymentTool extends Tool {
  /** Approved charges, oldest first: lets a test see that the tool got the real card number. */
  readonly charges: readonly DemoCharge[];
}

/** Visa's well-known test number, so `sotto demo` works out of the box. */
export const DEMO_CARD_ACCOUNTS: readonly DemoCardAccount[] = [
  { cardNumber: '4111111111111111', expiry: '0928', cvv: '737', ssn: '123456789' },
  { cardNumber: '4000000000000002', expiry: '0928', cvv: '737', ssn: '123456789', declines: true },
];

const sameExpiry = (said: string, onFile: string): boolean => {
  const a = readCardExpiries(said)[0];
  const b = readCardExpiries(onFile)[0];
  return a !== undefined && b !== undefined && a.month === b.month && a.year === b.year;
};

/**
 * `charge_card`: an in-memory stand-in for a payment processor. It checks Luhn, expiry, CVV and
 * SSN against its accounts and records approved charges. In production this tool would call a
 * PCI DSS compliant gateway over HTTPS (requireSecureUrl) and keep only the gateway's charge id
 * and the last four digits; the real values exist only inside this call, never on disk.
 */
export function createDemoPaymentTool(options: { accounts?: readonly DemoCardAccount[]; now?: () => Date } = {}): DemoPaymentTool {
  const accounts = options.accounts ?? DEMO_CARD_ACCOUNTS;
  const now = options.now ?? ((): Date => new Date());
  const charges: DemoCharge[] = [];
  return {
    name: 'charge_card',
    description: 'Charges the caller’s card. Returns approved, and a confirmation code and the card’s last four digits when approved.',
    parameters: {
      card_number: { type: 'string', entityType: 'CREDIT_CARD', description: 'The card number.' },
      expiry: { type: 'string', entityType: 'CARD_EXPIRY', description: 'The card expiry date.' },
      cvv: { type: 'string', entityType: 'CARD_CVV', description: 'The card security code.' },
      ssn: { type: 'string', entityType: 'US_SSN', description: 'The card holder’s social security number, for verification.' },
      amount: { type: 'number', description: 'Amount in US dollars.' },
    },
    charges,
    run(args, ctx) {
      const card = String(args.card_number).replace(/[\s-]/g, '');
      const expiry = String(args.expiry);
      const amountCents = Math.round(Number(args.amount) * 100);
      const decline = (reason: string): Promise<Record<string, string | boolean>> => Promise.resolve({ approved: false, reason });
      if (!luhnValid(card) || !(amountCents > 0)) return decline('invalid_request');
      if (!slotValueValid(expiry, 'expiry_future', now())) return decline('expired_card');
      const account = accounts.find((a) => a.cardNumber === card);
      if (account === undefined) return decline('card_not_found');
      // Each check is a decline, not an error: a mistyped CVV is an ordinary outcome of a call.
      if (!sameExpiry(expiry, account.expiry)) return decline('expiry_mismatch');
      if (String(args.cvv) !== account.cvv) return decline('cvv_mismatch');
      if (String(args.ssn).replace(/[\s-]/g, '') !== account.ssn) return decline('verification_failed');
      if (account.declines === true) return decline('insufficient_funds');
      const confirmationCode = referenceCode();
      charges.push({ callId: ctx.callId, tenantId: ctx.tenantId, cardNumber: card, expiry, amountCents, confirmationCode });
      return Promise.resolve({ approved: true, confirmation_code: confirmationCode, last4: card.slice(-4), amount: amountCents / 100 });
    },
  };
}
