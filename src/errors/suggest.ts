/**
 * "Did you mean …" for a misspelt key, enum value or reference: the closest candidate within an edit distance
 * that scales with the length of the word, or undefined.
 */
export function didYouMean(found: string, candidates: Iterable<string>): string | undefined {
  const needle = found.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(needle, c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(found.length / 3));
  if (bestDistance > limit && needle.length >= 4) {
    // An abbreviation ("Global Admin") is closer to what was meant than any edit distance says.
    const prefixed = [...candidates].filter((c) => c.toLowerCase().startsWith(needle)).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    if (prefixed.length) return prefixed[0];
  }
  return best !== undefined && bestDistance <= limit && bestDistance > 0 ? best : best !== undefined && bestDistance === 0 && best !== found ? best : undefined;
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
