import type { ExecutionMode } from './records';

export type Entry = 'entered' | 'superseded' | 'stopped';

interface Waiter {
  readonly executionId: string;
  readonly resolve: (entry: Entry) => void;
}

interface Gate {
  holder?: string;
  waiting: Waiter[];
}

/**
 * Who is in each stage of each pipeline. A stage runs one execution at a time (SUPERSEDED and
 * QUEUED modes): in SUPERSEDED mode a newer execution arriving at an occupied stage supersedes
 * the one already waiting there; in QUEUED mode they wait in order; PARALLEL never waits.
 */
export class StageGates {
  private readonly gates = new Map<string, Gate>();

  public enter(pipelineKey: string, stage: string, executionId: string, mode: ExecutionMode, signal: AbortSignal): Promise<Entry> {
    if (mode === 'PARALLEL') return Promise.resolve('entered');
    const gate = this.gateOf(pipelineKey, stage);
    if (gate.holder === undefined) {
      gate.holder = executionId;
      return Promise.resolve('entered');
    }
    if (mode === 'SUPERSEDED') for (const older of gate.waiting.splice(0)) older.resolve('superseded');
    return new Promise<Entry>((resolve) => {
      const waiter: Waiter = { executionId, resolve };
      gate.waiting.push(waiter);
      signal.addEventListener('abort', () => {
        const at = gate.waiting.indexOf(waiter);
        if (at >= 0) gate.waiting.splice(at, 1);
        resolve('stopped');
      }, { once: true });
    });
  }

  public leave(pipelineKey: string, stage: string, executionId: string): void {
    const gate = this.gates.get(`${pipelineKey}\n${stage}`);
    if (!gate || gate.holder !== executionId) return;
    const next = gate.waiting.shift();
    gate.holder = next?.executionId;
    next?.resolve('entered');
  }

  /** The execution in a stage, if any. */
  public holderOf(pipelineKey: string, stage: string): string | undefined {
    return this.gates.get(`${pipelineKey}\n${stage}`)?.holder;
  }

  private gateOf(pipelineKey: string, stage: string): Gate {
    const key = `${pipelineKey}\n${stage}`;
    let gate = this.gates.get(key);
    if (!gate) {
      gate = { waiting: [] };
      this.gates.set(key, gate);
    }
    return gate;
  }
}
