// The audit entries of the tenant, newest first, filtered by the server and virtualized like the
// calls list: pages of PAGE_SIZE come from GET /v1/audit/entries by its `before` cursor as the
// auditor scrolls. The server scans a bounded stretch of the log per request, so a narrow filter
// may answer an empty page with a cursor; loading simply goes on from there.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { BASE, linkTo } from '../route.js';
import { entriesQuery, inclusionProofHref, NO_FILTERS, type AuditEntryPage, type AuditEntryRow, type AuditFilters } from './audit-types.js';

const ROW_PX = 40;

interface Listing {
  rows: AuditEntryRow[];
  next: number | null;
  loading: boolean;
  error: string | null;
}

export function formatAt(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function resourceLabel(resource: AuditEntryRow['entry']['resource']): string {
  return resource.id === null ? resource.type : `${resource.type} ${resource.id}`;
}

export function AuditEntries({ checkpointSize, selected }: { checkpointSize: number | null; selected: number | null }): React.JSX.Element {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [listing, setListing] = useState<Listing>({ rows: [], next: null, loading: true, error: null });
  const generation = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);
  const form = useRef<HTMLFormElement>(null);

  const load = useCallback(async (f: AuditFilters, before: number | null) => {
    const mine = generation.current;
    setListing((l) => ({ ...l, loading: true, error: null }));
    try {
      const page = await api<AuditEntryPage>(entriesQuery(f, before));
      if (mine !== generation.current) return; // the filters changed meanwhile
      setListing((l) => ({ rows: before === null ? page.entries : [...l.rows, ...page.entries], next: page.next, loading: false, error: null }));
    } catch (err) {
      if (mine === generation.current) setListing((l) => ({ ...l, loading: false, error: err instanceof Error ? err.message : 'failed' }));
    }
  }, []);

  useEffect(() => {
    generation.current++;
    setListing({ rows: [], next: null, loading: true, error: null });
    void load(filters, null);
  }, [filters, load]);

  const virtualizer = useVirtualizer({ count: listing.rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.length > 0 ? (items[items.length - 1]?.index ?? 0) : 0;

  useEffect(() => {
    if (!listing.loading && !listing.error && listing.next !== null && lastShown >= listing.rows.length - 50) void load(filters, listing.next);
  }, [lastShown, listing.loading, listing.error, listing.next, listing.rows.length, filters, load]);

  const apply = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const v = (name: string): string => String(data.get(name) ?? '');
    setFilters({ action: v('action'), outcome: v('outcome'), principal: v('principal'), resource: v('resource'), since: v('since'), until: v('until') });
  };
  const clear = (): void => {
    form.current?.reset();
    setFilters(NO_FILTERS);
  };

  const more = listing.next !== null;
  const count = `${listing.rows.length.toLocaleString('en-US')}${more ? '+' : ''} ${listing.rows.length === 1 && !more ? 'entry' : 'entries'}`;
  return (
    <section aria-labelledby="audit-entries-title" className="audit-entries">
      <h2 id="audit-entries-title">Entries, newest first</h2>
      <form ref={form} className="filters" onSubmit={apply} aria-label="Filter audit entries">
        <label>Action <input name="action" maxLength={200} /></label>
        <label>
          Outcome
          <select name="outcome" defaultValue="">
            <option value="">Any</option>
            <option value="allowed">Allowed</option>
            <option value="denied">Denied</option>
            <option value="failed">Failed</option>
          </select>
        </label>
        <label>Principal id <input name="principal" maxLength={200} /></label>
        <label>Resource or call id <input name="resource" maxLength={200} /></label>
        <label>From <input type="datetime-local" name="since" /></label>
        <label>To <input type="datetime-local" name="until" /></label>
        <button type="submit">Apply filters</button>
        <button type="button" className="secondary" onClick={clear}>Clear</button>
      </form>
      <p role="status" className="count">
        {listing.error ? `Could not load audit entries: ${listing.error}` : `${count}${listing.loading ? ', loading…' : ''}`}
      </p>
      <div role="table" aria-label="Audit entries" aria-rowcount={listing.rows.length + 1} className="audit-table">
        <div role="rowgroup">
          <div role="row" className="audit-row audit-head" aria-rowindex={1}>
            <span role="columnheader">Index</span>
            <span role="columnheader">Time</span>
            <span role="columnheader">Action</span>
            <span role="columnheader">Outcome</span>
            <span role="columnheader">Principal</span>
            <span role="columnheader">Resource</span>
            <span role="columnheader">Proof</span>
          </div>
        </div>
        <div ref={scroller} className="audit-scroll" role="rowgroup" tabIndex={0} aria-label="Audit entry rows (scroll)">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = listing.rows[item.index];
              if (!row) return null;
              const { entry } = row;
              return (
                <div
                  key={row.index}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-current={row.index === selected ? 'true' : undefined}
                  className="audit-row"
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_PX, transform: `translateY(${item.start}px)` }}
                >
                  <span role="cell">
                    <a {...linkTo(`${BASE}audit/${row.index}`)} aria-label={`Entry ${row.index} details`}>#{row.index}</a>
                  </span>
                  <span role="cell">{formatAt(entry.at)}</span>
                  <span role="cell" title={entry.action}>{entry.action}</span>
                  <span role="cell"><span className={`outcome outcome-${entry.outcome}`}>{entry.outcome}</span></span>
                  <span role="cell" title={entry.principal.id}>{entry.principal.id}</span>
                  <span role="cell" title={resourceLabel(entry.resource)}>{resourceLabel(entry.resource)}</span>
                  <span role="cell">
                    <a href={inclusionProofHref(row.index, checkpointSize)} download aria-label={`Download inclusion proof for entry ${row.index}`}>Download</a>
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
