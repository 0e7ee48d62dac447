import type { DefaultSession } from 'next-auth';

/** What page scripts may see of the session: names, roles and projects, never the Keystone token. */
declare module 'next-auth' {
  interface Session {
    user: { name: string; domain: string } & DefaultSession['user'];
    project: { id: string; name: string };
    projects: { id: string; name: string }[];
    roles: string[];
    canWrite: boolean;
    /** Epoch ms when the Keystone token runs out. */
    expiresAt: number;
  }

  interface User {
    id: string;
    scoped: import('./keystone').ScopedToken;
    projects: import('./keystone').ProjectRef[];
  }
}

/** The encrypted session cookie's contents (server side only). */
declare module 'next-auth/jwt' {
  interface JWT {
    keystoneToken?: string;
    expiresAt?: number;
    userName?: string;
    userDomain?: string;
    project?: { id: string; name: string };
    projects?: { id: string; name: string }[];
    roles?: string[];
  }
}
