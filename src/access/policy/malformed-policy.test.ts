// The policy file is edited by hand; a mistake must stop Sotto with the line that is wrong,
// never load a policy that means something other than what it says.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { isSottoError } from '../../errors/index.js';
import { compilePolicy, loadPolicy } from './index.js';

/** A small valid policy; line numbers below refer to it. */
const VALID = `version: 1
roles:
  owner:
    description: Account holder.
    grants:
      - permission: call.view
        why: Accountable for every call.
      - permission: transcript.view_unredacted
        requires: break_glass
        why: Emergencies only, with a reason.
  admin: { description: IT, grants: [] }
  compliance_officer: { description: Compliance, grants: [] }
  supervisor: { description: Team lead, grants: [] }
  analyst: { description: Analyst, grants: [] }
  auditor: { description: Auditor, grants: [] }
  developer: { description: Developer, grants: [] }
`;

function rejects(text: string, ...patterns: RegExp[]): void {
  assert.throws(
    () => compilePolicy(text, 'test.yaml'),
    (err: unknown) => {
      assert.ok(isSottoError(err, 'POLICY_INVALID'), `expected POLICY_INVALID, got ${String(err)}`);
      assert.match(err.message, /^access policy test\.yaml: /);
      for (const p of patterns) assert.match(err.message, p);
      return true;
    },
  );
}

void describe('when the policy is valid', () => {
  void it('compiles', () => {
    const policy = compilePolicy(VALID, 'test.yaml');
    assert.equal(policy.describe().roles.length, 7);
  });
});

void describe('when the policy is malformed', () => {
  void it('names an unknown permission and its line', () => {
    rejects(VALID.replace('permission: call.view', 'permission: call.listen'), /roles\.owner\.grants\[0\]\.permission \(line 6\)/, /unknown permission 'call\.listen'/);
  });

  void it('names an unknown role and its line', () => {
    rejects(VALID.replace('  developer:', '  superuser: { description: x, grants: [] }\n  developer:'), /roles\.superuser \(line 16\): unknown role 'superuser'/);
  });

  void it('names an unknown condition and its line', () => {
    rejects(VALID.replace('requires: break_glass', 'requires: manager_approval'), /grants\[1\]\.requires \(line 9\): unknown condition 'manager_approval'/);
  });

  void it('refuses transcript.view_unredacted granted without break-glass', () => {
    rejects(VALID.replace('        requires: break_glass\n', ''), /grants\[1\]\.permission \(line 8\)/, /only be granted with `requires: break_glass`/);
  });

  void it('refuses a permission granted twice to one role', () => {
    const twice = VALID.replace('      - permission: transcript', '      - permission: call.view\n        why: Said twice over here.\n      - permission: transcript');
    rejects(twice, /grants\[1\]\.permission \(line 8\): 'call\.view' is granted twice/);
  });

  void it('refuses a grant without a reason, or with a token one', () => {
    rejects(VALID.replace('        why: Accountable for every call.\n', ''), /grants\[0\]\.why .*every grant needs a `why`/);
    rejects(VALID.replace('why: Accountable for every call.', 'why: ok'), /grants\[0\]\.why \(line 7\)/);
  });

  void it('refuses a missing role, listing it', () => {
    rejects(VALID.replace(/ {2}auditor:.*\n/, ''), /roles \(line 2\): roles missing: auditor/);
  });

  void it('refuses unknown fields instead of ignoring them', () => {
    rejects(VALID.replace('    grants:\n      - permission: call.view', '    grants:\n      - permission: call.view\n        when: weekdays'), /grants\[0\]\.when \(line 7\): unknown field 'when'/);
    rejects(`${VALID}default: allow\n`, /default \(line 17\): unknown field 'default'/);
  });

  void it('refuses another format version', () => {
    rejects(VALID.replace('version: 1', 'version: 2'), /version \(line 1\)/);
  });

  void it('refuses YAML that does not parse, naming the line', () => {
    rejects(VALID.replace('  admin: { description: IT, grants: [] }', '  admin: { description: IT, grants: [ }'), /: line 11: /);
  });

  void it('refuses a role defined twice (duplicate keys)', () => {
    rejects(`${VALID}  admin: { description: again, grants: [] }\n`, /line 17: .*unique/i);
  });

  void it('refuses aliases, so each grant reads as what it is', () => {
    const aliased = VALID.replace('  admin: { description: IT, grants: [] }', '  admin: { description: IT, grants: *g }').replace('    grants:\n', '    grants: &g\n');
    rejects(aliased, /aliases/);
  });

  void it('refuses an empty file, a list, and a scalar', () => {
    rejects('', /expected object/);
    rejects('- owner\n', /expected object/);
    rejects('allow everything\n', /expected object/);
  });

  void it('reports a file that cannot be read as POLICY_INVALID', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sotto-policy-'));
    try {
      await assert.rejects(loadPolicy(join(dir, 'missing.yaml')), (err: unknown) => isSottoError(err, 'POLICY_INVALID'));
      await writeFile(join(dir, 'bad.yaml'), 'version: 1\n');
      await assert.rejects(loadPolicy(join(dir, 'bad.yaml')), (err: unknown) => isSottoError(err, 'POLICY_INVALID') && err.message.includes('bad.yaml'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
