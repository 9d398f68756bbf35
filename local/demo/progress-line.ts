/** A progress line of the local pipeline, shortened for a terminal: execution ids to 8 characters. */
export function shortProgressLine(line: string): string {
  return line.replace(/\b([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '$1');
}
