/**
 * The caller's OpenStack context handed to the executions the caller starts (`$.openstack`), in
 * the shape of Mistral's security context: the token, the Keystone v3 service catalog and who the
 * caller is. Only for callers with a Keystone token; noauth executions have no `openstack`.
 */
import { fromJs, isMap } from '../language/values/value.js';
import type { ValueMap } from '../language/values/value.js';
import type { AuthContext } from './auth/auth-context.js';

export function callerOpenStackContext(auth: AuthContext): ValueMap | undefined {
  if (auth.token === null) return undefined;
  const context = fromJs({
    auth_token: auth.token,
    service_catalog: auth.serviceCatalog ?? [],
    project_id: auth.projectId,
    project_name: auth.projectName,
    user_id: auth.userId,
    user_name: auth.userName,
    project_domain_id: auth.domainId,
    roles: auth.roles,
    is_admin: auth.isAdmin,
    expires_at: auth.expiresAt === null ? null : new Date(auth.expiresAt).toISOString(),
  });
  return isMap(context) ? context : undefined;
}
