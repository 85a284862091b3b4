/**
 * Sizes as people write them in budgets: `500MB`, `1.5 GB`, `20MiB`, `300k`, `1048576` (bytes).
 * Decimal units (kB, MB, GB, as Docker prints them) and binary ones (KiB, MiB, GiB); a bare
 * letter (k, M, G) is decimal.
 */
const UNITS: Record<string, number> = {
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

export function parseSize(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(v);
  if (!m) return undefined;
  const unit = m[2].toLowerCase() || 'b';
  const mult = UNITS[unit];
  if (mult === undefined) return undefined;
  return Math.round(Number(m[1]) * mult);
}

/** `50`, `50Mbit/s`, `50mbps`, `1Gbit/s`, `500kbit/s` → Mbit/s. */
export function parseBandwidth(v: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:([kmg])(?:bit\/s|bps|b\/s|bit)?)?\s*$/i.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]) * ({ k: 1e-3, m: 1, g: 1e3 } as Record<string, number>)[(m[2] ?? 'm').toLowerCase()];
  return n > 0 && Number.isFinite(n) ? n : undefined;
}
