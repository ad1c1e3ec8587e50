export type ToFlite = { type: 'speak'; id: number; text: string } | { type: 'close' };

export type FromFlite =
  | { type: 'ready' }
  | { type: 'unavailable'; message: string }
  | { type: 'spoken'; id: number; sampleRate: number; samples: Int16Array }
  | { type: 'failed'; id: number; message: string };
