'use client';

/**
 * Create or update workflows, workbooks and ad-hoc actions from YAML (Horizon's "Create Workflow"
 * modal, with a real editor): paste or load a file, see the engine's validation live, submit.
 */
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useFlash } from '@/components/ui/flash';
import { Modal } from '@/components/ui/modal';
import { useEngineMutation } from '@/lib/dashboard/use-engine';
import { GraphPreview } from './graph-preview';
import { YamlEditor, type DefinitionKind, type ValidationState } from './yaml-editor';

const TEMPLATES: Readonly<Record<DefinitionKind, string>> = {
  workflows: `version: '2.0'

my_workflow:
  description: What this workflow does.
  input:
    - name: World
  output:
    greeting: <% $.greeting %>
  tasks:
    greet:
      action: std.echo output="Hello, <% $.name %>!"
      publish:
        greeting: <% task().result %>
`,
  workbooks: `version: '2.0'
name: my_workbook

workflows:
  hello:
    input:
      - name: World
    tasks:
      greet:
        action: std.echo output="Hello, <% $.name %>!"
`,
  actions: `version: '2.0'

my_echo:
  base: std.echo
  base-input:
    output: "Hello, <% $.name %>!"
  input:
    - name
`,
};

const NOUNS: Readonly<Record<DefinitionKind, string>> = { workflows: 'Workflow', workbooks: 'Workbook', actions: 'Action' };

export interface DefinitionModalProps {
  readonly kind: DefinitionKind;
  readonly open: boolean;
  readonly onClose: () => void;
  /** Present when updating: the current definition. */
  readonly existing?: { readonly name: string; readonly definition: string };
}

export function DefinitionModal({ kind, open, onClose, existing }: DefinitionModalProps) {
  const flash = useFlash();
  const noun = NOUNS[kind];
  const [text, setText] = useState(existing?.definition ?? TEMPLATES[kind]);
  const [validation, setValidation] = useState<ValidationState>({ checking: false, valid: null, problems: 0 });
  const [preview, setPreview] = useState(false);
  const save = useEngineMutation<unknown, string>({
    request: (definition) => ({ path: `/v2/${kind}`, method: existing ? 'PUT' : 'POST', text: definition }),
    invalidates: [`/v2/${kind}`, '/v2/workflows', '/v2/actions'],
  });

  useEffect(() => {
    if (open) {
      setText(existing?.definition ?? TEMPLATES[kind]);
      save.reset();
    }
    // Only when the modal opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = () =>
    save.mutate(text, {
      onSuccess: () => {
        flash('success', existing ? `Updated ${noun}: ${existing.name}` : `Created ${noun}`);
        onClose();
      },
    });

  const loadFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  return (
    <Modal
      open={open}
      onClose={onClose}
      busy={save.isPending}
      size="xl"
      title={existing ? `Update ${noun}: ${existing.name}` : `Create ${noun}`}
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button variant="primary" onClick={submit} busy={save.isPending} disabled={text.trim() === ''}>
            {existing ? `Update ${noun}` : `Create ${noun}`}
          </Button>
        </>
      }
    >
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-sm">
        <label className="inline-flex items-center gap-2">
          <span>Load from file</span>
          <input type="file" accept=".yaml,.yml,text/yaml,text/plain" onChange={(e) => void loadFile(e.target.files?.[0])} className="text-xs" />
        </label>
        {kind !== 'actions' && (
          <label className="inline-flex items-center gap-2">
            <input type="checkbox" checked={preview} onChange={(e) => setPreview(e.target.checked)} />
            <span>Graph preview</span>
          </label>
        )}
        <p aria-live="polite" data-testid="validation-status" className="text-muted">
          {validation.checking
            ? 'Checking…'
            : validation.valid === true
              ? 'Valid'
              : validation.valid === false
                ? `${validation.problems} problem${validation.problems === 1 ? '' : 's'}: see the marked lines`
                : ''}
        </p>
      </div>
      <div className={preview ? 'grid gap-3 lg:grid-cols-2' : undefined}>
        <YamlEditor value={text} onChange={setText} kind={kind} label={`${noun} definition (YAML)`} onValidation={setValidation} />
        {preview && (
          <div className="rounded border border-border" data-testid="graph-preview">
            <GraphPreview text={text} />
          </div>
        )}
      </div>
      {save.error && (
        <div className="mt-3">
          <ErrorPanel title={`Unable to ${existing ? 'update' : 'create'} the ${noun.toLowerCase()}`} error={save.error} />
        </div>
      )}
    </Modal>
  );
}
