import { z } from 'zod';
import { InvalidInputError } from '../contract';
import { assertTolerance } from './tolerance';

const count = z.number().int().nonnegative();

const contextSchema = z
  .object({
    ExecutionId: z.string().min(1),
    ExecutionName: z.string().min(1),
    FunctionName: z.string().min(1),
    Qualifier: z.string(),
    Bucket: z.string(),
    Prefix: z.string().min(1),
  })
  .passthrough();

const waveSchema = z.object({
  Index: count,
  ManifestKey: z.string().min(1),
  AccountCount: count,
  TargetCount: count,
});

const planSchema = z
  .object({
    Context: contextSchema,
    Waves: z.array(waveSchema),
    WaveCount: count,
    Tolerance: z.object({ Count: z.number().optional(), Percentage: z.number().optional() }),
    TargetCount: count,
    SkippedKey: z.string().min(1),
  })
  .passthrough();

const progressSchema = z.object({
  NextWave: count,
  ManifestKey: z.string(),
  Attempted: count,
  Failed: count,
  Stop: z.boolean(),
});

const mapRunFailureSchema = z.object({ Error: z.string().min(1), Cause: z.string().nullish() });
const mapRunOutputSchema = z.object({
  MapRunArn: z.string(),
  ResultWriterDetails: z.object({ Bucket: z.string().min(1), Key: z.string().min(1) }),
});

const tallyWaveEventSchema = z.object({
  Plan: planSchema,
  Progress: progressSchema,
  // The state machine's Catch writes the Map's error where its output would have been.
  MapRun: z.union([mapRunOutputSchema, mapRunFailureSchema]).nullish(),
  MapRunError: mapRunFailureSchema.nullish(),
});

const summariseEventSchema = z.object({
  Plan: planSchema,
  Progress: progressSchema,
  StartedAt: z.string().nullish(),
});

export type PlanInput = z.infer<typeof planSchema>;
export type TallyWaveEvent = z.infer<typeof tallyWaveEventSchema>;
export type SummariseEvent = z.infer<typeof summariseEventSchema>;

const FIXES: Record<string, string> = {
  Plan: "pass the Plan step's output unchanged as Plan",
  Progress: 'pass the WaveProgress of the Plan step or of the previous TallyWave as Progress',
  MapRun: "pass the Distributed Map's output {MapRunArn, ResultWriterDetails} or its caught error {Error, Cause} as MapRun",
  MapRunError: "pass the Distributed Map's caught error {Error, Cause} as MapRunError",
  StartedAt: 'pass the execution start time ($$.Execution.StartTime) as StartedAt, or leave it out',
};

function parseEvent<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, event: unknown): T {
  const parsed = schema.safeParse(event);
  if (parsed.success) {
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
  const fix = FIXES[String(issue?.path[0])] ?? 'the task payload must be {Plan, Progress, …} as the state machine builds it';
  throw new InvalidInputError(path || 'event', `${issue?.message ?? 'invalid'}; ${fix}`);
}

function checkPlan(plan: PlanInput): void {
  plan.Waves.forEach((wave, position) => {
    if (wave.Index !== position) {
      throw new InvalidInputError(
        `Plan.Waves[${position}].Index`,
        `is ${wave.Index} but must equal its position ${position}; the Plan step lists waves in order`,
      );
    }
  });
  assertTolerance(plan.Tolerance, 'Plan.Tolerance');
}

export function parseTallyWaveEvent(event: unknown): TallyWaveEvent {
  const parsed = parseEvent(tallyWaveEventSchema, event);
  checkPlan(parsed.Plan);
  const { NextWave } = parsed.Progress;
  if (NextWave >= parsed.Plan.Waves.length) {
    throw new InvalidInputError(
      'Progress.NextWave',
      `is ${NextWave} but the plan has ${parsed.Plan.Waves.length} wave(s); TallyWave runs only after a planned wave's FanOut`,
    );
  }
  return parsed;
}

export function parseSummariseEvent(event: unknown): SummariseEvent {
  const parsed = parseEvent(summariseEventSchema, event);
  checkPlan(parsed.Plan);
  return parsed;
}

/** The bucket of the run: the plan's, else the RESULTS_BUCKET variable. */
export function resultsBucket(plan: { readonly Context: { readonly Bucket: string } }): string {
  const bucket = plan.Context.Bucket || process.env.RESULTS_BUCKET || '';
  if (bucket === '') {
    throw new InvalidInputError(
      'Plan.Context.Bucket',
      'is empty and RESULTS_BUCKET is not set; set the results bucket in the plan or in the function environment',
    );
  }
  return bucket;
}
