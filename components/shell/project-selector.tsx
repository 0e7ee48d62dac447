'use client';

/**
 * Horizon's context selector: switching project re-scopes the Keystone token on the server
 * (next-auth `update`, see auth-options.ts), then every view reloads its data for the new project.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { useFlash } from '@/components/ui/flash';
import { useViewer } from './viewer-context';

export function ProjectSelector() {
  const viewer = useViewer();
  const { update } = useSession();
  const router = useRouter();
  const client = useQueryClient();
  const flash = useFlash();
  const id = useId();
  const [switching, setSwitching] = useState(false);
  const [, startTransition] = useTransition();

  if (viewer.project === null) return null;

  const onChange = async (projectId: string) => {
    const target = viewer.projects.find((p) => p.id === projectId);
    setSwitching(true);
    try {
      const session = await update({ projectId });
      if (session?.project.id !== projectId) {
        flash('error', `Unable to switch to project ${target?.name ?? projectId}.`);
        return;
      }
      client.removeQueries({ queryKey: ['engine'] });
      startTransition(() => router.refresh());
      flash('success', `Switched to project ${session.project.name}`);
    } finally {
      setSwitching(false);
    }
  };

  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="text-nav-fg/80">
        Project
      </label>
      <select
        id={id}
        value={viewer.project.id}
        disabled={switching || viewer.projects.length < 2}
        onChange={(e) => void onChange(e.target.value)}
        className="h-8 rounded border border-white/25 bg-nav px-2 text-nav-fg"
        data-testid="project-selector"
      >
        {(viewer.projects.length > 0 ? viewer.projects : [viewer.project]).map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}
