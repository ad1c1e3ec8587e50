export { createDemoAppointmentTools, DEMO_PATIENTS } from './appointments.js';
export type { DemoAppointmentTools, DemoBooking, DemoPatient } from './appointments.js';
export { createDemoPaymentTool, DEMO_CARD_ACCOUNTS } from './payment.js';
export type { DemoCardAccount, DemoCharge, DemoPaymentTool } from './payment.js';
export { createDemoTools } from './demo-tools.js';
export type { DemoTools } from './demo-tools.js';
