// Small display helpers shared by the console's views.

/** A stored time in the reader's locale, or a dash when there is none. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}
