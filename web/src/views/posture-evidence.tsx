// Evidence values of a posture item are figures, settings and short lists read from the
// deployment (src/posture/sections); shown as text, compactly, whatever their shape.

/** `overdueNotifications` → `overdue notifications`. */
export function humanize(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One line per entry for an object; one line per item for a list of objects. */
function inline(value: Record<string, unknown>): string {
  return Object.entries(value)
    .map(([k, v]) => `${humanize(k)}: ${Array.isArray(v) ? v.map(scalar).join(', ') || '—' : scalar(v)}`)
    .join(' · ');
}

export function EvidenceValue({ value }: { value: unknown }): React.JSX.Element {
  if (Array.isArray(value)) {
    if (value.length === 0) return <>none</>;
    if (value.every((v) => !isPlainObject(v))) return <>{value.map(scalar).join(', ')}</>;
    return (
      <ul className="evidence-list">
        {value.map((v, i) => (
          <li key={i}>{isPlainObject(v) ? inline(v) : scalar(v)}</li>
        ))}
      </ul>
    );
  }
  if (isPlainObject(value)) return Object.keys(value).length === 0 ? <>none</> : <>{inline(value)}</>;
  return <>{scalar(value)}</>;
}
