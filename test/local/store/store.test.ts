import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../local/store/store';
import { removeStateDir, tempStateDir } from '../server/local-cloud-fixture';

describe('the local store', () => {
  let dir: string;

  beforeEach(() => {
    dir = tempStateDir();
  });

  afterEach(() => {
    removeStateDir(dir);
  });

  it('finds documents written by an earlier instance on the same folder', async () => {
    // Prepare
    await new Store(dir).namespace<{ n: number }>('things').put('a/b:c', { n: 1 });
    // Act
    const read = await new Store(dir).namespace<{ n: number }>('things').get('a/b:c');
    // Assess
    expect(read).toEqual({ n: 1 });
  });

  it('keeps a deletion across instances', async () => {
    // Prepare
    const store = new Store(dir);
    await store.namespace<number>('things').put('k', 1);
    await store.namespace<number>('things').delete('k');
    // Act
    const entries = await new Store(dir).namespace<number>('things').entries();
    // Assess
    expect(entries).toEqual([]);
  });

  it('loses no increment when many updates of one key run concurrently', async () => {
    // Prepare
    const counters = new Store(dir).namespace<number>('counters');
    // Act
    await Promise.all(Array.from({ length: 50 }, () => counters.update('hits', (n) => (n ?? 0) + 1)));
    // Assess
    expect(await counters.get('hits')).toBe(50);
    expect(await new Store(dir).namespace<number>('counters').get('hits')).toBe(50);
  });

  it('leaves the last of concurrent puts on disk and no temporary files', async () => {
    // Prepare
    const store = new Store(dir);
    const values = store.namespace<number>('values');
    // Act
    await Promise.all(Array.from({ length: 20 }, (_, i) => values.put('same', i)));
    await store.flush();
    // Assess
    expect(await new Store(dir).namespace<number>('values').get('same')).toBe(19);
    expect(readdirSync(path.join(dir, 'kv', 'values')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps keys too long for a file name', async () => {
    // Prepare
    const key = 'k'.repeat(400);
    await new Store(dir).namespace<string>('long').put(key, 'v');
    // Act
    const entries = await new Store(dir).namespace<string>('long').entries();
    // Assess
    expect(entries).toEqual([[key, 'v']]);
  });

  it('stores blobs apart from documents and removes them', async () => {
    // Prepare
    const store = new Store(dir);
    await store.putBlob('objects', 'bucket/key', Buffer.from('payload'));
    // Act
    const read = await new Store(dir).getBlob('objects', 'bucket/key');
    await store.deleteBlob('objects', 'bucket/key');
    const afterDelete = await new Store(dir).getBlob('objects', 'bucket/key');
    // Assess
    expect(read?.toString()).toBe('payload');
    expect(afterDelete).toBeUndefined();
  });

  it('creates a key only when it is free: a second create writes nothing and says so', async () => {
    // Prepare
    const things = new Store(dir).namespace<{ n: number }>('things');

    // Act
    const created = await Promise.all([things.create('k', { n: 1 }), things.create('k', { n: 2 })]);

    // Assess
    expect(created).toEqual([true, false]);
    expect(await new Store(dir).namespace<{ n: number }>('things').get('k')).toEqual({ n: 1 });
  });

  it('makes a folder again when it was removed while the store was open, losing no write', async () => {
    // Prepare
    const store = new Store(dir);
    await store.putBlob('objects', 'first', Buffer.from('1'));
    rmSync(path.join(dir, 'blobs'), { recursive: true, force: true });

    // Act
    await store.putBlob('objects', 'second', Buffer.from('2'));

    // Assess
    expect((await new Store(dir).getBlob('objects', 'second'))?.toString()).toBe('2');
  });

  it('refuses a namespace name that could escape the folder, naming the rule', () => {
    // Prepare
    const store = new Store(dir);
    // Act
    const act = (): unknown => store.namespace('../etc');
    // Assess
    expect(act).toThrow('namespace "../etc" is invalid: use 1 to 63 lowercase letters, digits or dashes');
  });
});
