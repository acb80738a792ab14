/** mulberry32: a small seeded generator, so a chaos run can be replayed with CHAOS_SEED. */
export type Rng = () => number;

export function rng(seed: number): Rng {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const between = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** The seed of this run: CHAOS_SEED if given, else a fixed default (printed with the figures). */
export function chaosSeed(fallback: number): number {
  const s = Number(process.env.CHAOS_SEED);
  return Number.isInteger(s) && s !== 0 ? s : fallback;
}

export const FULL = process.env.CHAOS === 'full';
