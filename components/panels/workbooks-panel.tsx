'use client';

import { DefinitionsPanel, type DefinitionRow } from './definitions-panel';

export function WorkbooksPanel() {
  return (
    <DefinitionsPanel<DefinitionRow>
      kind="workbooks"
      title="Workbooks"
      noun={{ singular: 'Workbook', plural: 'Workbooks' }}
      columns={[]}
    />
  );
}
