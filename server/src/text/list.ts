/** `a`, `a and b`, `a, b and c` (`or` for alternatives); empty for no words. What messages list things with. */
export function joinList(words: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}
