/** Longer words are not looked up: no catalog key, value or ID is that long, so there is nothing to suggest. */
const MAX_SUGGESTABLE_LENGTH = 64;
/** Candidates compared per look-up; beyond this a suggestion is not worth the work. */
const MAX_CANDIDATES = 5_000;

/**
 * "Did you mean …" for a misspelt key, enum value or reference: the closest candidate within an edit distance
 * that scales with the length of the word, or undefined. Bounded work: long words and huge candidate lists get no
 * suggestion, candidates whose length is too different are skipped, and distances stop growing past the limit.
 */
export function didYouMean(found: string, candidates: Iterable<string>): string | undefined {
  if (found.length > MAX_SUGGESTABLE_LENGTH) return undefined;
  const list: string[] = [];
  for (const c of candidates) {
    if (list.length === MAX_CANDIDATES) return undefined;
    list.push(c);
  }
  const needle = found.toLowerCase();
  const limit = Math.max(2, Math.floor(found.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of list) {
    if (Math.abs(c.length - found.length) > limit) continue;
    const d = editDistance(needle, c.toLowerCase(), limit);
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  if (bestDistance > limit && needle.length >= 4) {
    // An abbreviation ("Global Admin") is closer to what was meant than any edit distance says.
    const prefixed = list.filter((c) => c.toLowerCase().startsWith(needle)).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    if (prefixed.length) return prefixed[0];
  }
  return best !== undefined && bestDistance <= limit && bestDistance > 0 ? best : best !== undefined && bestDistance === 0 && best !== found ? best : undefined;
}

/**
 * Levenshtein distance with adjacent transpositions counted as one edit. With `max`, the answer is exact up to
 * `max` and `max + 1` means "more": the computation stops once two rows in a row exceed it.
 */
function editDistance(a: string, b: string, max = Infinity): number {
  const cols = b.length + 1;
  let before = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  let current = new Array<number>(cols).fill(0);
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      current[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    // A row only improves on the row above or, by a transposition, on the one above that.
    if (rowMin > max && previousMin > max) return max + 1;
    previousMin = rowMin;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, max + 1);
}
