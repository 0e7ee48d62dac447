'use client';

import { signOut } from 'next-auth/react';
import { Menu } from '@/components/ui/menu';
import { ChevronDownIcon } from '@/components/ui/icons';
import { withBasePath } from '@/lib/dashboard/base-path';
import { useViewer } from './viewer-context';

export function UserMenu() {
  const viewer = useViewer();
  if (viewer.mode === 'noauth') return null;
  const roles = viewer.roles.join(', ') || 'no role';
  return (
    <Menu
      ariaLabel={`User menu for ${viewer.userName}`}
      triggerClassName="inline-flex h-8 items-center gap-1 rounded px-2 text-sm text-nav-fg hover:bg-white/10"
      label={
        <>
          <span>{viewer.userName}</span>
          <span className="text-nav-fg/70">({roles})</span>
          <ChevronDownIcon className="h-3.5 w-3.5" />
        </>
      }
      items={[
        {
          id: 'sign-out',
          label: 'Sign out',
          onSelect: () => void signOut({ callbackUrl: withBasePath('/login?reason=signed-out') }),
        },
      ]}
    />
  );
}
