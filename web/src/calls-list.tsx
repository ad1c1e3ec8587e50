// Calls, newest first, virtualized (@tanstack/react-virtual): only the rows in view are in the
// DOM, so 10,000+ calls scroll as smoothly as 10. Pages of 500 come from GET /v1/calls by its
// cursor as the operator scrolls towards the end.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, callsQuery, ENTITY_TYPES, entityLabel, type CallFilters, type CallPage, type CallView } from './api.js';
import { BASE, linkTo } from './route.js';

const ROW_PX = 40;
const EMPTY: CallFilters = { from: '', to: '', agent: '', entityType: '', status: '' };

interface Listing {
  calls: CallView[];
  next: string | null;
  loading: boolean;
  error: string | null;
}

export function CallsList(): React.JSX.Element {
  const [filters, setFilters] = useState<CallFilters>(EMPTY);
  const [listing, setListing] = useState<Listing>({ calls: [], next: null, loading: true, error: null });
  const generation = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);

  const load = useCallback(async (f: CallFilters, before: string | null) => {
    const mine = generation.current;
    setListing((l) => ({ ...l, loading: true, error: null }));
    try {
      const page = await api<CallPage>(callsQuery(f, before));
      if (mine !== generation.current) return; // the filters changed meanwhile
      setListing((l) => ({ calls: before ? [...l.calls, ...page.calls] : page.calls, next: page.next, loading: false, error: null }));
    } catch (err) {
      if (mine === generation.current) setListing((l) => ({ ...l, loading: false, error: err instanceof Error ? err.message : 'failed' }));
    }
  }, []);

  useEffect(() => {
    generation.current++;
    setListing({ calls: [], next: null, loading: true, error: null });
    void load(filters, null);
  }, [filters, load]);

  const virtualizer = useVirtualizer({ count: listing.calls.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.length > 0 ? (items[items.length - 1]?.index ?? 0) : 0;

  useEffect(() => {
    if (!listing.loading && !listing.error && listing.next && lastShown >= listing.calls.length - 50) void load(filters, listing.next);
  }, [lastShown, listing.loading, listing.error, listing.next, listing.calls.length, filters, load]);

  const apply = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const v = (name: string): string => String(form.get(name) ?? '');
    setFilters({ from: v('from'), to: v('to'), agent: v('agent'), entityType: v('entityType'), status: v('status') });
  };

  const more = listing.next !== null;
  return (
    <section aria-labelledby="calls-title" className="calls">
      <h1 id="calls-title">Calls</h1>
      <form className="filters" onSubmit={apply} aria-label="Filter calls">
        <label>From <input type="date" name="from" /></label>
        <label>To <input type="date" name="to" /></label>
        <label>Agent <input name="agent" maxLength={100} /></label>
        <label>
          Entity type
          <select name="entityType" defaultValue="">
            <option value="">Any</option>
            {ENTITY_TYPES.map((t) => <option key={t} value={t}>{entityLabel(t)}</option>)}
          </select>
        </label>
        <label>
          Outcome
          <select name="status" defaultValue="">
            <option value="">Any</option>
            <option value="completed">Completed</option>
            <option value="failed">Failed</option>
            <option value="active">In progress</option>
          </select>
        </label>
        <button type="submit">Apply filters</button>
      </form>
      <p role="status" className="count">
        {listing.error ? `Could not load calls: ${listing.error}` : `${listing.calls.length.toLocaleString('en-US')}${more ? '+' : ''} ${listing.calls.length === 1 && !more ? 'call' : 'calls'}${listing.loading ? ', loading…' : ''}`}
      </p>
      <div role="table" aria-label="Calls" aria-rowcount={listing.calls.length + 1} className="calls-table">
        <div role="rowgroup">
          <div role="row" className="calls-row calls-head" aria-rowindex={1}>
            <span role="columnheader">Started</span>
            <span role="columnheader">Agent</span>
            <span role="columnheader">Outcome</span>
            <span role="columnheader">Duration</span>
            <span role="columnheader">Sensitive data found</span>
          </div>
        </div>
        <div ref={scroller} className="calls-scroll" role="rowgroup" tabIndex={0} aria-label="Call rows (scroll)">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const call = listing.calls[item.index];
              if (!call) return null;
              return (
                <div
                  key={call.id}
                  role="row"
                  aria-rowindex={item.index + 2}
                  data-index={item.index}
                  className="calls-row"
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_PX, transform: `translateY(${item.start}px)` }}
                >
                  <span role="cell">
                    <a {...linkTo(`${BASE}calls/${call.id}`)}>
                      {formatTime(call.startedAt)}
                    </a>
                  </span>
                  <span role="cell">{call.agent}</span>
                  <span role="cell">{call.outcome ?? call.status}</span>
                  <span role="cell">{duration(call)}</span>
                  <span role="cell">{call.entityTypes.map((t) => <span key={t} className="badge">{t}</span>)}</span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function duration(call: CallView): string {
  if (!call.endedAt) return '—';
  const s = Math.max(0, Math.round((Date.parse(call.endedAt) - Date.parse(call.startedAt)) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
