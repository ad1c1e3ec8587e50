import { describeAuditLogContract } from './log-contract.js';
import { describeTamperContract } from './tamper-contract.js';
import { sqliteTestBackend } from './test-backends.js';

describeAuditLogContract('SQLite', sqliteTestBackend);
describeTamperContract('SQLite', sqliteTestBackend);
