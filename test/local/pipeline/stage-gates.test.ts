import { describe, expect, it } from 'vitest';
import { StageGates } from '../../../local/pipeline/stage-gates';

const signal = () => new AbortController().signal;

describe('StageGates', () => {
  it('lets one execution into a free stage and keeps the next waiting until it leaves', async () => {
    // Prepare
    const gates = new StageGates();
    await gates.enter('p', 'Build', 'a', 'SUPERSEDED', signal());

    // Act
    const waiting = gates.enter('p', 'Build', 'b', 'SUPERSEDED', signal());
    const holderWhileWaiting = gates.holderOf('p', 'Build');
    gates.leave('p', 'Build', 'a');

    // Assess
    expect(holderWhileWaiting).toBe('a');
    expect(await waiting).toBe('entered');
    expect(gates.holderOf('p', 'Build')).toBe('b');
  });

  it('supersedes the waiting execution when a newer one arrives (SUPERSEDED mode)', async () => {
    // Prepare
    const gates = new StageGates();
    await gates.enter('p', 'Build', 'a', 'SUPERSEDED', signal());
    const older = gates.enter('p', 'Build', 'b', 'SUPERSEDED', signal());

    // Act
    const newer = gates.enter('p', 'Build', 'c', 'SUPERSEDED', signal());
    gates.leave('p', 'Build', 'a');

    // Assess
    expect(await older).toBe('superseded');
    expect(await newer).toBe('entered');
  });

  it('queues waiting executions in order (QUEUED mode)', async () => {
    // Prepare
    const gates = new StageGates();
    await gates.enter('p', 'Build', 'a', 'QUEUED', signal());
    const second = gates.enter('p', 'Build', 'b', 'QUEUED', signal());
    const third = gates.enter('p', 'Build', 'c', 'QUEUED', signal());

    // Act
    gates.leave('p', 'Build', 'a');
    const afterFirst = await second;
    gates.leave('p', 'Build', 'b');

    // Assess
    expect(afterFirst).toBe('entered');
    expect(await third).toBe('entered');
  });

  it('answers stopped to a waiting execution that is stopped', async () => {
    // Prepare
    const gates = new StageGates();
    await gates.enter('p', 'Build', 'a', 'SUPERSEDED', signal());
    const stop = new AbortController();
    const waiting = gates.enter('p', 'Build', 'b', 'SUPERSEDED', stop.signal);

    // Act
    stop.abort();

    // Assess
    expect(await waiting).toBe('stopped');
  });
});
