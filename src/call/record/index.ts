export type { CallListQuery, CallRecord, CallRepository } from './call-record.js';
export { SqlCallRepository } from './sql-call-repository.js';
