/**
 * C13: `@Name` in a private note notifies that teammate (the server matches `@name` case-insensitively).
 * While typing `@Ay` the note form offers the agents whose names start so.
 */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  // Names have spaces ("Ayşe Yılmaz"), so the query may too, but not a line break or a second '@'.
  const match = /(^|\s)@([^@\n]{0,40})$/u.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

export function matchAgents<T extends { name: string }>(agents: readonly T[], query: string, limit = 6): T[] {
  const q = query.toLocaleLowerCase();
  return agents.filter((agent) => agent.name.toLocaleLowerCase().startsWith(q)).slice(0, limit);
}

export function insertMention(
  text: string,
  caret: number,
  start: number,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}
