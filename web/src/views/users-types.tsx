// What the identity routes answer (src/server/api/identity-routes.ts, roles-routes.ts).

export interface UserView {
  id: string;
  email: string;
  role: string;
  totpEnabled: boolean;
  createdAt: string;
  disabledAt?: string;
}

export interface CreatedUser {
  user: UserView;
  generatedPassword?: string;
  totpUri?: string;
}

export interface RoleGrant {
  permission: string;
  requires: string | null;
  why: string;
}

export interface PolicyRoles {
  version: number;
  digest: string;
  roles: { role: string; description: string; grants: RoleGrant[] }[];
}

export const roleLabel = (role: string): string => role.replace(/_/g, ' ');
