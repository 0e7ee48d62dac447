'use client';

import { DefinitionsPanel, type DefinitionRow } from './definitions-panel';

interface ActionRow extends DefinitionRow {
  readonly input?: string | null;
  readonly description?: string | null;
}

export function ActionsPanel() {
  return (
    <DefinitionsPanel<ActionRow>
      kind="actions"
      title="Actions"
      noun={{ singular: 'Action', plural: 'Actions' }}
      columns={[
        { id: 'system', header: 'Type', cell: (a) => (a.is_system ? 'System' : 'Ad-hoc') },
        { id: 'input', header: 'Input', cell: (a) => <span className="font-mono text-xs">{a.input || '—'}</span> },
        { id: 'description', header: 'Description', cell: (a) => <span className="text-muted">{a.description || '—'}</span> },
      ]}
    />
  );
}
