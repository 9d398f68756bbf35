/**
 * Stages that held two pipeline executions at once, read from the local pipeline's progress
 * lines (`<pipeline> <execution>: stage <name> <status>`); empty when runs never interleaved.
 */
export function interleavings(lines: readonly string[]): string[] {
  const occupied = new Map<string, string>();
  const found: string[] = [];
  for (const line of lines) {
    const match = /^\S+ (\S+): stage (\S+) (\S+)$/.exec(line);
    if (!match) continue;
    const [, execution, stage, status] = match as unknown as [string, string, string, string];
    if (status === 'InProgress') {
      if (occupied.has(stage)) found.push(`${stage} entered by ${execution} while ${occupied.get(stage)} was in it`);
      occupied.set(stage, execution);
    } else occupied.delete(stage);
  }
  return found;
}
