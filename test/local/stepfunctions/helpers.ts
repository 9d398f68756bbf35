import { StateMachineEngine, type EngineOptions, type EnginePorts, type ExecutionResult } from '../../../local/stepfunctions';

export const SM_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Test';

/** A clock that only moves when the engine sleeps, recording every requested sleep. */
export function virtualClock(startIso = '2024-01-01T00:00:00.000Z') {
  let now = Date.parse(startIso);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => new Date(now),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** An in-memory S3 keyed `bucket/key`; a missing key fails as S3 does. */
export function memoryS3(objects: Record<string, string> = {}) {
  const store = new Map(Object.entries(objects));
  return {
    store,
    getObject: async (bucket: string, key: string) => {
      const body = store.get(`${bucket}/${key}`);
      if (body === undefined) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
      return body;
    },
    putObject: async (bucket: string, key: string, body: string) => {
      store.set(`${bucket}/${key}`, body);
    },
  };
}

export function engineWith(overrides: Partial<EnginePorts> = {}, options: Partial<EngineOptions> = {}) {
  const clock = virtualClock();
  const s3 = memoryS3();
  const ports: EnginePorts = {
    invokeLambda: async (_name, payload) => ({ payload }),
    s3,
    ...overrides,
  };
  const engine = new StateMachineEngine({ ports, sleep: clock.sleep, now: clock.now, random: () => 0.5, ...options });
  return { engine, clock, s3: (overrides.s3 as ReturnType<typeof memoryS3>) ?? s3 };
}

/** A definition starting at the first state listed. */
export function machine(states: Record<string, object>, extra: object = {}) {
  return { StartAt: Object.keys(states)[0], States: states, ...extra };
}

export async function run(states: Record<string, object>, input: unknown, overrides: Partial<EnginePorts> = {}, options: Partial<EngineOptions> = {}): Promise<ExecutionResult> {
  const { engine } = engineWith(overrides, options);
  return engine.run(machine(states), input, { stateMachineArn: SM_ARN });
}
