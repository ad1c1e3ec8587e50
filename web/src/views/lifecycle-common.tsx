// Pieces the lifecycle views share (retention and holds, erasures, exports): the API's shapes
// for these routes, how an error reads, and the confirmation step every irreversible or
// wide-reaching action goes through before its request is sent.
import { useEffect, useId, useRef } from 'react';
import { ApiError } from '../api.js';
import './lifecycle.css';

export type DataClass = 'recording' | 'transcript' | 'call_record' | 'export';

export const DATA_CLASS_LABELS: Record<DataClass, string> = {
  recording: 'Recordings',
  transcript: 'Transcripts',
  call_record: 'Call records',
  export: 'Subject exports',
};

export interface ErasureCounts {
  recording: number;
  transcript: number;
  export: number;
  call_record: number;
}

/** What POST /v1/erasures and GET /v1/erasures/:id/certificate answer. */
export interface ErasureAnswer {
  erasureId: string;
  alreadyErased: boolean;
  counts: ErasureCounts;
  certificate: SignedCertificate;
}

export interface SignedCertificate {
  certificate: {
    erasureId: string;
    tenantId: string;
    requestedAt: string;
    keyDestroyedAt: string;
    completedAt: string;
    keysDestroyed: { type: string; destroyedAt: string }[];
    counts: ErasureCounts;
    audit: { log: string; requestIndex: number; keyDestroyedIndex: number; completedIndex: number };
  };
  signature: { algorithm: string; keyName: string; keyId: string; value: string };
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return `${err.message} (${err.code})`;
  return err instanceof Error ? err.message : 'the request failed';
}

export function countsText(c: ErasureCounts): string {
  return [plural(c.recording, 'recording'), plural(c.transcript, 'transcript'), plural(c.export, 'export'), plural(c.call_record, 'call record')].join(', ');
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function has(permissions: readonly string[], permission: string): boolean {
  return permissions.includes(permission);
}

/**
 * A confirmation panel in the page (not window.confirm): it says what will happen, takes focus
 * so a keyboard or screen-reader user lands on it, and sends nothing until confirmed.
 */
export function ConfirmStep(props: {
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  busy?: boolean;
  /** Extra gate, e.g. an "I understand" checkbox; the confirm button stays disabled until true. */
  ready?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}): React.JSX.Element {
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="lc-confirm" role="group" aria-labelledby={titleId}>
      <h3 id={titleId} tabIndex={-1} ref={heading}>{props.title}</h3>
      {props.children}
      <div className="lc-actions">
        <button type="button" className="lc-danger" disabled={props.busy === true || props.ready === false} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
        <button type="button" className="lc-secondary" disabled={props.busy === true} onClick={props.onCancel}>Cancel</button>
      </div>
    </div>
  );
}

/** A JSON file saved by the browser itself (a Blob URL: nothing leaves the page). */
export function downloadJson(filename: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
