/** True when a key press belongs to a text field (so single-key shortcuts must not fire). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.closest('.cm-editor') !== null;
}

/** A modal dialog is open: page shortcuts are off. */
export function modalOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}
