/**
 * next-auth v4 with Keystone: a Credentials provider logs in with user name, password, user domain
 * and project; the Keystone token lives only in the encrypted JWT cookie (httpOnly) and is never
 * copied into the session object page scripts can read. `update({projectId})` re-scopes the token
 * (the header's project selector); signing out revokes it.
 */
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { withBasePath } from './base-path';
import { KeystoneLoginError, listProjects, loginWithPassword, rescope, revokeToken } from './keystone';
import type { ScopedToken } from './keystone';
import { rolesCanWrite } from './roles';
import { keystoneUrl } from './server-config';

function requireKeystone(): string {
  const url = keystoneUrl();
  if (url === undefined) {
    throw new KeystoneLoginError('not-configured', 'The dashboard has no Keystone URL: set OS_AUTH_URL or CONVECTION_KEYSTONE_URL.');
  }
  return url;
}

function field(credentials: Record<string, string> | undefined, name: string): string {
  return (credentials?.[name] ?? '').toString();
}

function tokenFields(scoped: ScopedToken) {
  return {
    keystoneToken: scoped.token,
    expiresAt: scoped.expiresAt,
    userName: scoped.user.name,
    userDomain: scoped.user.domain,
    project: scoped.project,
    roles: [...scoped.roles],
  };
}

function requestedProject(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const projectId = (data as { projectId?: unknown }).projectId;
  return typeof projectId === 'string' && projectId !== '' ? projectId : undefined;
}

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: withBasePath('/login'), error: withBasePath('/login') },
  providers: [
    CredentialsProvider({
      id: 'keystone',
      name: 'Keystone',
      credentials: {
        username: { label: 'User name', type: 'text' },
        password: { label: 'Password', type: 'password' },
        domain: { label: 'User domain', type: 'text' },
        project: { label: 'Project', type: 'text' },
      },
      async authorize(credentials) {
        const username = field(credentials, 'username').trim();
        const password = field(credentials, 'password');
        if (username === '' || password === '') throw new Error('Enter your user name and password.');
        try {
          const authUrl = requireKeystone();
          const scoped = await loginWithPassword(authUrl, {
            username,
            password,
            userDomain: field(credentials, 'domain').trim() || 'Default',
            project: field(credentials, 'project'),
          });
          const projects = await listProjects(authUrl, scoped.token).catch(() => [scoped.project]);
          return { id: scoped.user.id, name: scoped.user.name, scoped, projects };
        } catch (error) {
          // next-auth passes the message to the login form; keep it plain and token-free.
          throw new Error(error instanceof KeystoneLoginError ? error.message : 'The login failed unexpectedly. Try again.');
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, trigger, session }) {
      if (user) {
        return { ...token, sub: user.id, ...tokenFields(user.scoped), projects: user.projects };
      }
      const projectId = trigger === 'update' ? requestedProject(session) : undefined;
      if (projectId === undefined || projectId === token.project?.id || !token.keystoneToken) return token;
      if (!(token.projects ?? []).some((p) => p.id === projectId)) return token;
      // A failed switch keeps the current project: throwing here would end the whole session.
      try {
        const authUrl = requireKeystone();
        const scoped = await rescope(authUrl, token.keystoneToken, projectId);
        await revokeToken(authUrl, token.keystoneToken);
        return { ...token, ...tokenFields(scoped) };
      } catch {
        return token;
      }
    },
    async session({ session, token }) {
      const roles = token.roles ?? [];
      return {
        expires: session.expires,
        user: { name: token.userName ?? '', domain: token.userDomain ?? '' },
        project: token.project ?? { id: '', name: '' },
        projects: token.projects ?? [],
        roles,
        canWrite: rolesCanWrite(roles),
        expiresAt: token.expiresAt ?? 0,
      };
    },
  },
  events: {
    async signOut({ token }) {
      const authUrl = keystoneUrl();
      if (authUrl !== undefined && token?.keystoneToken) await revokeToken(authUrl, token.keystoneToken);
    },
  },
};
