/** Small text helpers shared by the line-based spec parsers. */

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/**
 * The marker the next list item should start with, continuing `line`'s style:
 * "  2) Foo" → "  3) ", "- [x] Foo" → "- [ ] ", "* Foo" → "* ", plain text → "".
 */
export function nextMarker(line: string): string {
  const num = /^(\s*)(\(?)(\d+)([.)])(\)?)/.exec(line);
  if (num) return `${num[1]}${num[2]}${Number(num[3]) + 1}${num[4]}${num[5]} `;
  const bullet = /^(\s*)([-*+•])\s+(\[[ xX]\]\s*)?/.exec(line);
  if (bullet) return `${bullet[1]}${bullet[2]} ${bullet[3] ? '[ ] ' : ''}`;
  return '';
}

/** Index where the trimmed content of `s` starts, given it begins at `offset`. */
export function trimStartIndex(s: string, offset: number): number {
  return offset + (s.length - s.trimStart().length);
}
