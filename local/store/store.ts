import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Where the local cloud keeps its state unless told otherwise (relative to the working directory). */
export const DEFAULT_STATE_DIR = '.step-everywhere';

/**
 * One namespace of JSON documents. Reads come from memory; every change is on disk (atomically)
 * before its promise resolves, so a restart on the same folder loses nothing acknowledged.
 */
export interface Namespace<T> {
  get(key: string): Promise<T | undefined>;
  put(key: string, value: T): Promise<void>;
  delete(key: string): Promise<boolean>;
  /**
   * Read-modify-write with no await between the read and the write, so two concurrent requests
   * of this process cannot both act on the same old value. `change` returns undefined to delete.
   */
  update(key: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined>;
  /** Puts the value only when the key holds none, as one step: false (nothing written) when it does. */
  create(key: string, value: T): Promise<boolean>;
  entries(): Promise<Array<[string, T]>>;
}

interface StoredDocument<T> {
  readonly key: string;
  readonly value: T;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class Store {
  private readonly namespaces = new Map<string, Promise<Map<string, unknown>>>();
  /** Pending writes per file, chained so the last put of a key is the one left on disk. */
  private readonly writes = new Map<string, Promise<void>>();
  private tempCounter = 0;
  /** Every state file lives in one of a few folders: each is made once, not before every write. */
  private readonly knownDirectories = new Set<string>();

  public constructor(public readonly dir: string) {}

  public namespace<T>(name: string): Namespace<T> {
    checkName('namespace', name);
    return {
      get: async (key) => (await this.load(name)).get(key) as T | undefined,
      put: async (key, value) => {
        (await this.load(name)).set(key, value);
        await this.persist(name, key, value);
      },
      delete: async (key) => {
        const docs = await this.load(name);
        const existed = docs.delete(key);
        if (existed) await this.persist(name, key, undefined);
        return existed;
      },
      update: async (key, change) => {
        const docs = await this.load(name);
        const next = change(docs.get(key) as T | undefined);
        if (next === undefined) docs.delete(key);
        else docs.set(key, next);
        await this.persist(name, key, next);
        return next;
      },
      create: async (key, value) => {
        const docs = await this.load(name);
        if (docs.has(key)) return false;
        docs.set(key, value);
        await this.persist(name, key, value);
        return true;
      },
      entries: async () => [...(await this.load(name)).entries()] as Array<[string, T]>,
    };
  }

  /** Large bodies (object contents, function assets) live apart from the JSON documents. */
  public async putBlob(namespace: string, key: string, body: Buffer): Promise<void> {
    checkName('blob namespace', namespace);
    await this.enqueue(this.blobFile(namespace, key), body);
  }

  public async getBlob(namespace: string, key: string): Promise<Buffer | undefined> {
    checkName('blob namespace', namespace);
    const file = this.blobFile(namespace, key);
    await this.writes.get(file);
    return readIfExists(file);
  }

  public async deleteBlob(namespace: string, key: string): Promise<void> {
    checkName('blob namespace', namespace);
    await this.enqueue(this.blobFile(namespace, key), undefined);
  }

  /** Resolves once every write started so far is on disk. */
  public async flush(): Promise<void> {
    await Promise.all([...this.writes.values()]);
  }

  private load(name: string): Promise<Map<string, unknown>> {
    let loaded = this.namespaces.get(name);
    if (!loaded) {
      loaded = readNamespace(path.join(this.dir, 'kv', name));
      this.namespaces.set(name, loaded);
    }
    return loaded;
  }

  private persist(name: string, key: string, value: unknown): Promise<void> {
    const file = path.join(this.dir, 'kv', name, `${fileNameOf(key)}.json`);
    const doc: StoredDocument<unknown> | undefined = value === undefined ? undefined : { key, value };
    return this.enqueue(file, doc === undefined ? undefined : Buffer.from(JSON.stringify(doc)));
  }

  private blobFile(namespace: string, key: string): string {
    return path.join(this.dir, 'blobs', namespace, fileNameOf(key));
  }

  private enqueue(file: string, content: Buffer | undefined): Promise<void> {
    const previous = this.writes.get(file) ?? Promise.resolve();
    const temp = `${file}.${process.pid}.${++this.tempCounter}.tmp`;
    const next = previous.then(() => (content === undefined ? removeFile(file) : writeAtomically(file, temp, content, this.knownDirectories)));
    this.writes.set(file, next);
    const forget = (): void => {
      if (this.writes.get(file) === next) this.writes.delete(file);
    };
    next.then(forget, forget);
    return next;
  }
}

export function openStore(dir: string = DEFAULT_STATE_DIR): Store {
  return new Store(path.resolve(dir));
}

function checkName(what: string, name: string): void {
  if (!NAME.test(name)) {
    throw new Error(`${what} "${name}" is invalid: use 1 to 63 lowercase letters, digits or dashes`);
  }
}

/** Readable names where the key allows it; a hash where it would be too long for a file name. */
function fileNameOf(key: string): string {
  const safe = encodeURIComponent(key).replace(/\*/g, '%2A').replace(/^\./, '%2E');
  return safe.length <= 150 ? safe : `h-${createHash('sha256').update(key).digest('hex')}`;
}

async function readNamespace(dir: string): Promise<Map<string, unknown>> {
  const docs = new Map<string, unknown>();
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (isNotFound(error)) return docs;
    throw error;
  }
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const content = await readIfExists(path.join(dir, name));
    if (!content) continue;
    const doc = JSON.parse(content.toString('utf8')) as StoredDocument<unknown>;
    docs.set(doc.key, doc.value);
  }
  return docs;
}

async function writeAtomically(file: string, temp: string, content: Buffer, knownDirectories: Set<string>): Promise<void> {
  const dir = path.dirname(file);
  let handle: fs.FileHandle;
  if (!knownDirectories.has(dir)) await fs.mkdir(dir, { recursive: true });
  try {
    handle = await fs.open(temp, 'w');
  } catch (error) {
    // The folder was removed since it was made (a state folder cleaned by hand): make it again.
    if (!isNotFound(error)) throw error;
    await fs.mkdir(dir, { recursive: true });
    handle = await fs.open(temp, 'w');
  }
  knownDirectories.add(dir);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, file);
}

async function removeFile(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}
