// Small figures helpers for bench/calls.ts: values are collected in growable Float64Arrays
// (a level holds ~10^5 to 10^6 frames) and summarized once, at the level's end.

export class Samples {
  private data = new Float64Array(1024);
  private n = 0;

  push(value: number): void {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = value;
  }

  get count(): number {
    return this.n;
  }

  /** The values in the order pushed. */
  values(): Float64Array {
    return this.data.subarray(0, this.n);
  }

  /** Sorted copy of the values. */
  sorted(): Float64Array {
    return this.data.slice(0, this.n).sort();
  }
}

export interface Spread {
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles; NaN when there are no values. */
export function spread(sorted: Float64Array): Spread {
  const at = (p: number): number => (sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number));
  return { p50: at(0.5), p99: at(0.99), max: sorted.length === 0 ? NaN : (sorted[sorted.length - 1] as number) };
}

export const round = (x: number, digits = 3): number => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);
