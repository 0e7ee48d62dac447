'use client';

/**
 * YAML editor (CodeMirror) with live validation by the engine: 300 ms after typing stops, the text
 * goes to `POST /v2/<kind>/validate` and every problem shows at its line (lint gutter + underline).
 */
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useEffect, useMemo, useState } from 'react';
import { engineFetch } from '@/lib/dashboard/engine-fetch';
import { problemRange, validationProblems } from '@/lib/dashboard/validation-diagnostics';

export type DefinitionKind = 'workflows' | 'workbooks' | 'actions';

export interface ValidationState {
  readonly checking: boolean;
  readonly valid: boolean | null;
  readonly problems: number;
}

export interface YamlEditorProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly kind: DefinitionKind;
  readonly label: string;
  readonly onValidation?: (state: ValidationState) => void;
  readonly readOnly?: boolean;
  readonly height?: string;
}

function useDarkMode(): boolean {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const root = document.documentElement;
    const read = () => setDark(root.classList.contains('dark'));
    read();
    const observer = new MutationObserver(read);
    observer.observe(root, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);
  return dark;
}

export function YamlEditor({ value, onChange, kind, label, onValidation, readOnly = false, height = '420px' }: YamlEditorProps) {
  const dark = useDarkMode();
  const extensions = useMemo(() => {
    const validate = linter(
      async (view): Promise<Diagnostic[]> => {
        const text = view.state.doc.toString();
        if (text.trim() === '') return [];
        onValidation?.({ checking: true, valid: null, problems: 0 });
        try {
          const result = await engineFetch<{ valid: boolean; error?: string | null }>(`/v2/${kind}/validate`, { method: 'POST', text });
          const problems = result.valid ? [] : validationProblems(result.error);
          onValidation?.({ checking: false, valid: result.valid, problems: problems.length });
          return problems.map((p) => ({ ...problemRange(text, p), severity: 'error' as const, message: p.message, source: 'engine' }));
        } catch {
          onValidation?.({ checking: false, valid: null, problems: 0 });
          return [];
        }
      },
      { delay: 300 },
    );
    return [
      yaml(),
      lintGutter(),
      ...(readOnly ? [] : [validate]),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
    ];
    // onValidation is a state setter from the parent; recreating the linter on each render would reset it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind, label, readOnly]);

  return (
    <div className="overflow-hidden rounded border border-border text-sm" data-testid="yaml-editor">
      <CodeMirror
        value={value}
        onChange={onChange}
        extensions={extensions}
        theme={dark ? 'dark' : 'light'}
        height={height}
        readOnly={readOnly}
        basicSetup={{ foldGutter: true, highlightActiveLine: !readOnly }}
      />
    </div>
  );
}
