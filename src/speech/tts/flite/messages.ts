/** `sampleRate`: resample Flite's output (16 kHz) to this rate in the child, off the server's event loop. */
export type ToFlite = { type: 'speak'; id: number; text: string; sampleRate?: number } | { type: 'close' };

export type FromFlite =
  | { type: 'ready' }
  | { type: 'unavailable'; message: string }
  | { type: 'spoken'; id: number; sampleRate: number; samples: Int16Array }
  | { type: 'failed'; id: number; message: string };
