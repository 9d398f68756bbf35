/**
 * A progress line of the local pipeline, shortened for a terminal: the pipeline execution id that
 * leads it, to 8 characters. Ids later in the line (Step Functions execution names) stay whole,
 * so they can be looked up.
 */
export function shortProgressLine(line: string): string {
  return line.replace(/^(\S+ )([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/, '$1$2');
}
