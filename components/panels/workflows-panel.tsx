'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { Workflow } from '@/lib/engine-client/wire';
import { DefinitionsPanel } from './definitions-panel';

const href = (w: Workflow) => `/workflows/${encodeURIComponent(w.name)}`;

export function WorkflowsPanel() {
  const router = useRouter();
  return (
    <DefinitionsPanel<Workflow>
      kind="workflows"
      title="Workflows"
      noun={{ singular: 'Workflow', plural: 'Workflows' }}
      rowHref={href}
      nameCell={(w) => (
        <Link href={href(w)} className="font-medium text-accent hover:underline">
          {w.name}
        </Link>
      )}
      columns={[{ id: 'input', header: 'Input', cell: (w) => <span className="font-mono text-xs">{w.input || '—'}</span> }]}
      extraActions={[{ id: 'execute', label: 'Execute', onSelect: (w) => router.push(`${href(w)}?tab=execute`) }]}
    />
  );
}
