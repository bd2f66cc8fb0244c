// "Did you mean …?" for words typed by hand (appointment types).

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The known words closest to `typed` (edit distance within a third of its length, or a prefix). */
export function suggestions(typed: string, known: readonly string[], max = 3): string[] {
  const t = squash(typed);
  if (t === '') return [];
  const limit = Math.max(2, Math.floor(t.length / 3));
  return known
    .map((word) => {
      const w = squash(word);
      const d = w.startsWith(t) || t.startsWith(w) ? 1 : distance(t, w);
      return { word, d };
    })
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.word.localeCompare(b.word))
    .slice(0, max)
    .map((x) => x.word);
}
