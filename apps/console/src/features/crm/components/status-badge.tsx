import type { TStatusRef } from '../types';

/** A customer-process status (D3) as a coloured chip: the colour is decoration, the name carries it. */
export function StatusBadge({ status }: { status: TStatusRef }) {
  return (
    <span className="status-badge">
      <span className="status-swatch" aria-hidden="true" style={{ background: status.color }} />
      {status.name}
    </span>
  );
}

/** A visitor tag (C5), with its colour when it has one. */
export function TagBadge({ tag }: { tag: { name: string; color: string | null } }) {
  return (
    <span className="badge tag-badge">
      {tag.color ? (
        <span className="status-swatch" aria-hidden="true" style={{ background: tag.color }} />
      ) : null}
      <bdi>{tag.name}</bdi>
    </span>
  );
}
