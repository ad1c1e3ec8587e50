/** Modified Bessel function of the first kind, order 0 (power series; converges fast for β ≤ 20). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50 && term > 1e-12 * sum; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/**
 * The Kaiser window of shape β, as a function of the position r in [-1, 1] across it (0 at
 * the centre); 0 outside. Shared by the polyphase resampler and the half-band upsampler.
 */
export function kaiserWindow(beta: number): (r: number) => number {
  const i0Beta = besselI0(beta);
  return (r) => (r * r < 1 ? besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta : 0);
}
