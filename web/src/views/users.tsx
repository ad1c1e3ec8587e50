// Users & roles (users.manage): the tenant's people with their role and whether a TOTP second
// factor is enrolled, adding a person, and the role matrix of the access policy with its reasons.
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import { CreateUserForm } from './users-create.js';
import { RoleMatrix } from './users-roles.js';
import { roleLabel, type PolicyRoles, type UserView } from './users-types.js';
import './users-view.css';

export function UsersView(): React.JSX.Element {
  const [users, setUsers] = useState<UserView[] | null>(null);
  const [policy, setPolicy] = useState<PolicyRoles | null>(null);
  const [error, setError] = useState<string | null>(null);

  const fail = (err: unknown): void => setError(err instanceof ApiError ? err.message : 'Could not load users.');
  const loadUsers = useCallback(async () => {
    try {
      setUsers((await api<{ users: UserView[] }>('/v1/users')).users);
    } catch (err) {
      fail(err);
    }
  }, []);

  useEffect(() => {
    void loadUsers();
    api<PolicyRoles>('/v1/roles').then(setPolicy).catch(fail);
  }, [loadUsers]);

  return (
    <section className="users" aria-labelledby="users-heading">
      <h1 id="users-heading">Users &amp; roles</h1>
      {error && <p role="alert" className="error">{error}</p>}
      {users && (
        <table className="users-table">
          <caption className="count">{users.length === 1 ? '1 person' : `${users.length} people`}</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Second factor (TOTP)</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.email}</th>
                <td>{roleLabel(u.role)}</td>
                <td>{u.totpEnabled ? 'enrolled' : <span className="badge">not enrolled</span>}</td>
                <td>{new Date(u.createdAt).toLocaleDateString()}</td>
                <td>{u.disabledAt ? `disabled ${new Date(u.disabledAt).toLocaleDateString()}` : 'active'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateUserForm roles={policy?.roles.map((r) => r.role) ?? []} onCreated={() => void loadUsers()} />
      {policy && <RoleMatrix policy={policy} />}
    </section>
  );
}
