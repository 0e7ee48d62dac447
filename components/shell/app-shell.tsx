'use client';

/**
 * The page chrome: header (brand, project selector, auth notice, theme switch, user menu), the left
 * nav under "Workflow", and the content. `?embed=1` hides the chrome for framing in a Horizon panel;
 * the choice sticks for the browser tab (sessionStorage) so in-app links keep it; `?embed=0` ends it.
 */
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { cn } from '@/components/ui/cn';
import type { ViewerInfo } from '@/lib/dashboard/viewer';
import { CommandPalette } from './command-palette';
import { NAV, activeNavHref } from './nav-items';
import { ProjectSelector } from './project-selector';
import { ShortcutsHelp } from './shortcuts-help';
import { ThemeSwitch } from './theme-switch';
import { UserMenu } from './user-menu';
import { ViewerProvider } from './viewer-context';

const EMBED_KEY = 'convection-embed';

function useEmbedMode(): boolean {
  const search = useSearchParams();
  const param = search.get('embed');
  const [stored, setStored] = useState(false);
  useEffect(() => {
    if (param === '1') window.sessionStorage.setItem(EMBED_KEY, '1');
    if (param === '0') window.sessionStorage.removeItem(EMBED_KEY);
    setStored(window.sessionStorage.getItem(EMBED_KEY) === '1');
  }, [param]);
  return param === '1' || (param !== '0' && stored);
}

export function AppShell({ viewer, children }: { readonly viewer: ViewerInfo; readonly children: ReactNode }) {
  const pathname = usePathname();
  const embed = useEmbedMode();
  const active = activeNavHref(pathname);

  return (
    <ViewerProvider viewer={viewer}>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:p-2">
        Skip to content
      </a>
      {!embed && (
        <header className="sticky top-0 z-20 flex h-12 items-center gap-4 bg-nav px-4 text-nav-fg shadow">
          <Link href="/" prefetch={false} className="font-semibold tracking-wide">
            Convection
          </Link>
          <ProjectSelector />
          {viewer.mode === 'noauth' && (
            <span className="rounded border border-amber-300 bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-950" data-testid="noauth-notice">
              No authentication: the engine runs in noauth mode
            </span>
          )}
          {viewer.mode === 'keystone' && !viewer.canWrite && (
            <span className="rounded border border-sky-300 bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-950">Read-only</span>
          )}
          <div className="ml-auto flex items-center gap-3">
            <kbd className="hidden rounded border border-white/25 px-1.5 text-xs text-nav-fg/80 md:inline" title="Press Ctrl+K or ⌘K to jump to a workflow or execution">
              Ctrl K
            </kbd>
            <ThemeSwitch />
            <UserMenu />
          </div>
        </header>
      )}
      <div className="flex">
        {!embed && (
          <nav aria-label="Dashboards" className="sticky top-12 hidden h-[calc(100vh-3rem)] w-56 shrink-0 overflow-y-auto border-r border-border bg-surface md:block">
            {NAV.map((group) => (
              <div key={group.label} className="py-3">
                <p className="px-4 pb-1 text-xs font-semibold tracking-wider text-muted uppercase">{group.label}</p>
                <ul>
                  {group.items.map((item) => (
                    <li key={item.href}>
                      <Link
                        href={item.href}
                        // Prefetching a dozen panels on every page load competes with the page's own data.
                        prefetch={false}
                        aria-current={active === item.href ? 'page' : undefined}
                        className={cn(
                          'block border-l-4 px-4 py-1.5 text-sm',
                          active === item.href ? 'border-nav-active bg-surface-alt font-semibold text-fg' : 'border-transparent text-fg hover:bg-surface-alt',
                        )}
                      >
                        {item.label}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
        )}
        <main id="main" className={cn('min-w-0 flex-1', embed ? 'p-3' : 'p-4 md:p-6')}>
          {children}
        </main>
      </div>
      <CommandPalette />
      <ShortcutsHelp />
    </ViewerProvider>
  );
}
