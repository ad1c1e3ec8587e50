export type { CallListQuery, CallRecord, CallRepository } from './call-record.js';
export { SqlCallRepository } from './sql-call-repository.js';
export { CALLS_POSTGRES, CALLS_SQLITE } from './migrations.js';
