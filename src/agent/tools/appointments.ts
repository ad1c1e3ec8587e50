import type { Tool } from '../agent.js';
import { readCalendarDates } from '../dates/calendar-dates.js';
import { referenceCode } from './reference-code.js';

export interface DemoPatient {
  patientId: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
}

export interface DemoBooking {
  callId: string;
  patientId: string;
  day: string;
  reference: string;
}

export interface DemoAppointmentTools {
  verifyPatient: Tool;
  bookAppointment: Tool;
  /** Bookings made, oldest first. */
  readonly bookings: readonly DemoBooking[];
}

export const DEMO_PATIENTS: readonly DemoPatient[] = [{ patientId: 'pat_demo_1', dateOfBirth: '1980-03-15' }];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

/**
 * `verify_patient` and `book_appointment` over an in-memory directory. The demo identifies a
 * patient by date of birth alone, which is only sound for a directory of one; a real practice
 * system looks the patient up by caller ID or account number and then compares the date of birth.
 */
export function createDemoAppointmentTools(options: { patients?: readonly DemoPatient[]; fullDays?: readonly string[]; now?: () => Date } = {}): DemoAppointmentTools {
  const patients = options.patients ?? DEMO_PATIENTS;
  const fullDays = new Set(options.fullDays ?? []);
  const now = options.now ?? ((): Date => new Date());
  const bookings: DemoBooking[] = [];

  const verifyPatient: Tool = {
    name: 'verify_patient',
    description: 'Checks the caller’s date of birth against the patient record. Returns verified, and patient_id when verified.',
    parameters: { date_of_birth: { type: 'string', entityType: 'DATE_OF_BIRTH', description: 'The date of birth the caller gave.' } },
    run(args) {
      const date = readCalendarDates(String(args.date_of_birth), now())[0];
      const iso = date ? `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}` : undefined;
      const matches = patients.filter((p) => p.dateOfBirth === iso);
      const patient = matches.length === 1 ? matches[0] : undefined;
      const result: Record<string, string | boolean> = patient ? { verified: true, patient_id: patient.patientId } : { verified: false };
      return Promise.resolve(result);
    },
  };

  const bookAppointment: Tool = {
    name: 'book_appointment',
    description: 'Books the next free appointment on a weekday for a verified patient. Returns booked, and day, time and reference when booked.',
    parameters: {
      patient_id: { type: 'string', description: 'The patient_id verify_patient returned.' },
      day: { type: 'string', description: 'monday, tuesday, wednesday, thursday or friday.' },
    },
    run(args, ctx) {
      const day = String(args.day).toLowerCase();
      const patientId = String(args.patient_id);
      if (!(WEEKDAYS as readonly string[]).includes(day) || !patients.some((p) => p.patientId === patientId)) {
        return Promise.resolve({ booked: false, reason: 'invalid_request' });
      }
      if (fullDays.has(day)) return Promise.resolve({ booked: false, reason: 'fully_booked' });
      const reference = referenceCode(6);
      bookings.push({ callId: ctx.callId, patientId, day, reference });
      return Promise.resolve({ booked: true, day: day.charAt(0).toUpperCase() + day.slice(1), time: '10 AM', reference });
    },
  };

  return { verifyPatient, bookAppointment, bookings };
}
