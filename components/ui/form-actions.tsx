'use client';
/** A form's closing row, Horizon's order: Cancel, then the primary action (busy while it runs). */
import type { ReactNode } from 'react';
import { Button } from './button';

export interface FormActionsProps {
  /** Shown when the form can be left without submitting (a modal's Cancel). */
  readonly onCancel?: (() => void) | undefined;
  readonly pending: boolean;
  readonly submit: ReactNode;
}

export function FormActions({ onCancel, pending, submit }: FormActionsProps) {
  return (
    <div className="flex justify-end gap-2">
      {onCancel && (
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      )}
      <Button type="submit" variant="primary" busy={pending}>
        {submit}
      </Button>
    </div>
  );
}
