/** A flow's tags as a list of small labels (text on a neutral background: no colour coding). */
export function FlowTags({ tags }: { readonly tags: readonly string[] }) {
  if (tags.length === 0) return <span className="text-muted">—</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag} className="rounded border border-border bg-surface-alt px-1.5 py-0.5 font-mono text-xs">
          {tag}
        </li>
      ))}
    </ul>
  );
}
