import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { readBuildspec } from '../../pipeline';
import { repository } from './pipeline-fixture';

function buildspecFile(text: string): string {
  return path.join(repository({ 'buildspec.yml': text }), 'buildspec.yml');
}

describe('readBuildspec', () => {
  it('reads the install and build commands', () => {
    // Prepare
    const file = buildspecFile('version: 0.2\nphases:\n  install:\n    commands: [npm ci]\n  build:\n    commands: [npm test, npx cdk synth]\n');

    // Act
    const commands = readBuildspec(file);

    // Assess
    expect(commands).toEqual({ install: ['npm ci'], build: ['npm test', 'npx cdk synth'] });
  });

  it('takes no install phase as no install commands', () => {
    // Prepare
    const file = buildspecFile('version: 0.2\nphases:\n  build:\n    commands: [npx cdk synth]\n');

    // Act
    const commands = readBuildspec(file);

    // Assess
    expect(commands.install).toEqual([]);
  });

  it('reads the repository buildspec.yml: install, validate, test, synth', () => {
    // Act
    const commands = readBuildspec(path.join(__dirname, '..', '..', 'buildspec.yml'));

    // Assess
    expect(commands.install).toEqual(['npm ci']);
    expect(commands.build).toEqual([
      'npx tsx bin/step-everywhere.ts validate deployments/*.yaml',
      'npm test',
      'npx cdk synth -c pipeline=${STEP_EVERYWHERE_PIPELINE}',
    ]);
  });

  it('refuses a missing file, naming it and the fix', () => {
    // Prepare
    const file = path.join(repository({}), 'buildspec.yml');

    // Act / Assess
    expect(() => readBuildspec(file)).toThrow(`${file}: no such file; the pipeline's synth step runs its commands — add buildspec.yml with phases.install and phases.build`);
  });

  it('refuses text that is not YAML', () => {
    // Prepare
    const file = buildspecFile('phases:\n  build: [unclosed\n');

    // Act / Assess
    expect(() => readBuildspec(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML \\(.*\\); fix the file$`));
  });

  it('refuses a buildspec without phases', () => {
    // Prepare
    const file = buildspecFile('version: 0.2\n');

    // Act / Assess
    expect(() => readBuildspec(file)).toThrow(/buildspec\.yml: has no phases; write phases: \{install: \{commands: \[\.\.\.\]\}, build: \{commands: \[\.\.\.\]\}\}/);
  });

  it('refuses commands that are not a list of strings, naming the phase', () => {
    // Prepare
    const file = buildspecFile('version: 0.2\nphases:\n  install:\n    commands: npm ci\n  build:\n    commands: [npx cdk synth]\n');

    // Act / Assess
    expect(() => readBuildspec(file)).toThrow(/buildspec\.yml: phases\.install\.commands must be a list of shell commands; write phases: \{install: \{commands: \[npm ci\]\}\}/);
  });

  it('refuses an empty build phase: the synth step must produce cdk.out', () => {
    // Prepare
    const file = buildspecFile('version: 0.2\nphases:\n  install:\n    commands: [npm ci]\n  build:\n    commands: []\n');

    // Act / Assess
    expect(() => readBuildspec(file)).toThrow(/buildspec\.yml: phases\.build\.commands is empty; the synth step must produce cdk\.out/);
  });

  it('reads the file again on every call (an edited buildspec is picked up)', () => {
    // Prepare
    const file = buildspecFile('version: 0.2\nphases:\n  build:\n    commands: [first]\n');
    readBuildspec(file);
    fs.writeFileSync(file, 'version: 0.2\nphases:\n  build:\n    commands: [second]\n');

    // Act
    const commands = readBuildspec(file);

    // Assess
    expect(commands.build).toEqual(['second']);
  });
});
