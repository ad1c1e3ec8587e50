// The role matrix from the loaded access policy (GET /v1/roles): which role holds which
// permission, with break-glass-only grants marked, and each grant's `why` from the policy.
import { roleLabel, type PolicyRoles } from './users-types.js';

export function RoleMatrix({ policy }: { policy: PolicyRoles }): React.JSX.Element {
  const permissions = [...new Set(policy.roles.flatMap((r) => r.grants.map((g) => g.permission)))];
  const cell = (role: PolicyRoles['roles'][number], permission: string): string => {
    const grant = role.grants.find((g) => g.permission === permission);
    if (!grant) return '—';
    return grant.requires === 'break_glass' ? 'break-glass only' : 'yes';
  };
  return (
    <section aria-labelledby="roles-heading">
      <h2 id="roles-heading">Roles and permissions</h2>
      <p className="hint">From the access policy in force (version {policy.version}, digest {policy.digest.slice(0, 12)}…). Deny by default: a permission not listed for a role is refused.</p>
      <div className="matrix-scroll">
        <table className="role-matrix">
          <thead>
            <tr>
              <th scope="col">Permission</th>
              {policy.roles.map((r) => <th key={r.role} scope="col">{roleLabel(r.role)}</th>)}
            </tr>
          </thead>
          <tbody>
            {permissions.map((p) => (
              <tr key={p}>
                <th scope="row"><code>{p}</code></th>
                {policy.roles.map((r) => {
                  const value = cell(r, p);
                  return <td key={r.role} className={value === 'yes' ? 'granted' : value === '—' ? 'none' : 'glass'}>{value}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Why each role holds what it holds</h3>
      {policy.roles.map((r) => (
        <details key={r.role} className="role-why">
          <summary>{roleLabel(r.role)} — {r.grants.length === 1 ? '1 grant' : `${r.grants.length} grants`}</summary>
          <p>{r.description}</p>
          <dl className="meta">
            {r.grants.map((g) => (
              <div key={g.permission} className="why-row">
                <dt><code>{g.permission}</code>{g.requires === 'break_glass' ? ' (break-glass)' : ''}</dt>
                <dd>{g.why}</dd>
              </div>
            ))}
          </dl>
        </details>
      ))}
    </section>
  );
}
