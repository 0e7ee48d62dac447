'use client';

import { Button } from '@/components/ui/button';
import { PlusIcon } from '@/components/ui/icons';
import { useViewer } from '@/components/shell/viewer-context';

/** The "+ Create …" button of a table's action bar; readers do not get it. */
export function CreateButton({ label, onClick }: { readonly label: string; readonly onClick: () => void }) {
  const viewer = useViewer();
  if (!viewer.canWrite) return null;
  return (
    <Button size="sm" variant="primary" onClick={onClick}>
      <PlusIcon className="h-3.5 w-3.5" />
      {label}
    </Button>
  );
}
