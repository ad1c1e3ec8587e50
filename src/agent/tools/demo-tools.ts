import type { Tool } from '../agent.js';
import { createDemoAppointmentTools, type DemoAppointmentTools } from './appointments.js';
import { createDemoPaymentTool, type DemoPaymentTool } from './payment.js';

export interface DemoTools {
  /** Every demo tool: what the built-in agents (card-payment, appointment-booking) need. */
  tools: Tool[];
  payment: DemoPaymentTool;
  appointments: DemoAppointmentTools;
}

/** Fresh in-memory demo tools with the default accounts and patients (`sotto demo`, tests). */
export function createDemoTools(options: { now?: () => Date } = {}): DemoTools {
  const payment = createDemoPaymentTool({ now: options.now });
  const appointments = createDemoAppointmentTools({ now: options.now });
  return { tools: [payment, appointments.verifyPatient, appointments.bookAppointment], payment, appointments };
}
