import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../orchestrator/contract';
import { parseSummariseEvent, parseTallyWaveEvent, resultsBucket } from '../../../orchestrator/summary/events';
import { account, plan, progress } from './builders';

const twoWaves = () => plan([[account('111111111111')], [account('222222222222')]]);

describe('parseTallyWaveEvent', () => {
  it('accepts the event the state machine builds after a FanOut', () => {
    // Prepare
    const event = { Plan: twoWaves(), Progress: progress(), MapRun: { MapRunArn: 'arn', ResultWriterDetails: { Bucket: 'b', Key: 'k' } } };

    // Act
    const parsed = parseTallyWaveEvent(event);

    // Assess
    expect(parsed.MapRun).toEqual({ MapRunArn: 'arn', ResultWriterDetails: { Bucket: 'b', Key: 'k' } });
    expect(parsed.Plan.Context.Payload).toEqual({});
  });

  it('accepts the Map error the Catch writes at MapRun', () => {
    // Prepare
    const event = { Plan: twoWaves(), Progress: progress(), MapRun: { Error: 'States.ItemReaderFailed', Cause: 'denied' } };

    // Act
    const parsed = parseTallyWaveEvent(event);

    // Assess
    expect(parsed.MapRun).toEqual({ Error: 'States.ItemReaderFailed', Cause: 'denied' });
  });

  it('names a missing field and says how to fix it', () => {
    // Prepare
    const event = { Plan: twoWaves(), Progress: { ...progress(), Attempted: undefined } };

    // Act
    const act = () => parseTallyWaveEvent(event);

    // Assess
    expect(act).toThrow(InvalidInputError);
    expect(act).toThrow('Progress.Attempted: Required; pass the WaveProgress of the Plan step or of the previous TallyWave as Progress');
  });

  it('names the index of a bad wave', () => {
    // Prepare
    const bad = twoWaves();
    const event = { Plan: { ...bad, Waves: [bad.Waves[0], { ...bad.Waves[1], ManifestKey: '' }] }, Progress: progress() };

    // Act
    const act = () => parseTallyWaveEvent(event);

    // Assess
    expect(act).toThrow(/^Plan\.Waves\[1\]\.ManifestKey: String must contain at least 1 character\(s\); pass the Plan step's output unchanged as Plan$/);
  });

  it('rejects waves out of order', () => {
    // Prepare
    const bad = twoWaves();
    const event = { Plan: { ...bad, Waves: [bad.Waves[1], bad.Waves[0]] }, Progress: progress() };

    // Act
    const act = () => parseTallyWaveEvent(event);

    // Assess
    expect(act).toThrow('Plan.Waves[0].Index: is 1 but must equal its position 0; the Plan step lists waves in order');
  });

  it('rejects a tally for a wave that is not planned', () => {
    // Prepare
    const event = { Plan: twoWaves(), Progress: progress({ NextWave: 2 }) };

    // Act
    const act = () => parseTallyWaveEvent(event);

    // Assess
    expect(act).toThrow("Progress.NextWave: is 2 but the plan has 2 wave(s); TallyWave runs only after a planned wave's FanOut");
  });

  it('rejects a plan without a tolerance', () => {
    // Prepare
    const event = { Plan: { ...twoWaves(), Tolerance: {} }, Progress: progress() };

    // Act
    const act = () => parseTallyWaveEvent(event);

    // Assess
    expect(act).toThrow(/^Plan\.Tolerance: has neither Count nor Percentage/);
  });

  it('rejects a MapRun that is neither an output nor an error', () => {
    // Prepare
    const event = { Plan: twoWaves(), Progress: progress(), MapRun: { Something: 1 } };

    // Act
    const act = () => parseTallyWaveEvent(event);

    // Assess
    expect(act).toThrow(/^MapRun: .*pass the Distributed Map's output \{MapRunArn, ResultWriterDetails\} or its caught error \{Error, Cause\} as MapRun$/);
  });
});

describe('parseSummariseEvent', () => {
  it('rejects an event that is not an object', () => {
    // Prepare
    const event = 'summarise please';

    // Act
    const act = () => parseSummariseEvent(event);

    // Assess
    expect(act).toThrow(/^event: Expected object, received string/);
  });

  it('accepts a summarise event after the last wave', () => {
    // Prepare
    const event = { Plan: twoWaves(), Progress: progress({ NextWave: 2, Stop: true }) };

    // Act
    const parsed = parseSummariseEvent(event);

    // Assess
    expect(parsed.Progress.NextWave).toBe(2);
  });
});

describe('resultsBucket', () => {
  afterEach(() => {
    delete process.env.RESULTS_BUCKET;
  });

  it("prefers the plan's bucket over RESULTS_BUCKET", () => {
    // Prepare
    process.env.RESULTS_BUCKET = 'from-env';

    // Act
    const bucket = resultsBucket(twoWaves());

    // Assess
    expect(bucket).toBe('results-bucket');
  });

  it('falls back to RESULTS_BUCKET when the plan has none', () => {
    // Prepare
    process.env.RESULTS_BUCKET = 'from-env';
    const p = twoWaves();

    // Act
    const bucket = resultsBucket({ ...p, Context: { ...p.Context, Bucket: '' } });

    // Assess
    expect(bucket).toBe('from-env');
  });

  it('says where to set the bucket when neither has one', () => {
    // Prepare
    const p = twoWaves();

    // Act
    const act = () => resultsBucket({ ...p, Context: { ...p.Context, Bucket: '' } });

    // Assess
    expect(act).toThrow('Plan.Context.Bucket: is empty and RESULTS_BUCKET is not set; set the results bucket in the plan or in the function environment');
  });
});
