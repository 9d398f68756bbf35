import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPhases } from '../../../local/pipeline/build-process';
import { collectArtifacts, globToRegExp, parseBuildSpec } from '../../../local/pipeline/buildspec';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'se-buildspec-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('buildspec', () => {
  it('reads the JSON buildspec CDK Pipelines writes inline', () => {
    // Act
    const spec = parseBuildSpec(JSON.stringify({ version: '0.2', phases: { build: { commands: ['cp -r prebuilt cdk.out'] } }, artifacts: { 'base-directory': 'cdk.out', files: '**/*' } }));

    // Assess
    expect(spec.phases.build).toEqual(['cp -r prebuilt cdk.out']);
    expect(spec.artifacts).toEqual({ baseDirectory: 'cdk.out', files: ['**/*'], discardPaths: false });
  });

  it('refuses an unknown phase, naming it and the valid phases', () => {
    // Act
    const read = () => parseBuildSpec('version: 0.2\nphases:\n  compile:\n    commands: [make]\n');

    // Assess
    expect(read).toThrow(/phases\.compile: is not a phase; use install, pre_build, build, post_build/);
  });

  it('refuses parameter-store variables, saying to use plain variables', () => {
    // Act
    const read = () => parseBuildSpec('version: 0.2\nenv:\n  parameter-store:\n    X: /x\nphases: {}\n');

    // Assess
    expect(read).toThrow(/env\.parameter-store: is not served by the local cloud; give plain env\.variables instead/);
  });

  it('matches globs as CodeBuild does', () => {
    // Act
    const all = globToRegExp('**/*');
    const json = globToRegExp('assembly-*/*.json');

    // Assess
    expect(all.test('a/b/c.txt') && all.test('c.txt')).toBe(true);
    expect(json.test('assembly-Dev/x.json')).toBe(true);
    expect(json.test('assembly-Dev/sub/x.json')).toBe(false);
  });

  it('copies the files under the base directory into the output artifact', async () => {
    // Prepare
    const source = temp();
    const output = temp();
    mkdirSync(path.join(source, 'cdk.out', 'nested'), { recursive: true });
    writeFileSync(path.join(source, 'cdk.out', 'manifest.json'), '{}');
    writeFileSync(path.join(source, 'cdk.out', 'nested', 'a.json'), '{}');

    // Act
    const count = await collectArtifacts({ baseDirectory: 'cdk.out', files: ['**/*'], discardPaths: false }, source, output);

    // Assess
    expect(count).toBe(2);
    expect(readdirSync(output).sort()).toEqual(['manifest.json', 'nested']);
  });

  it('fails collecting when the base directory was not created by the build', async () => {
    // Act
    const collect = collectArtifacts({ baseDirectory: 'cdk.out', files: ['**/*'], discardPaths: false }, temp(), temp());

    // Assess
    await expect(collect).rejects.toThrow(/base-directory cdk\.out does not exist after the build/);
  });

  it('stops at a failing build command with bash -e, still runs post_build, and skips later commands', async () => {
    // Prepare
    const dir = temp();
    const spec = parseBuildSpec('version: 0.2\nphases:\n  build:\n    commands:\n      - "false"\n      - touch after-failure\n  post_build:\n    commands:\n      - touch post-build-ran\n');

    // Act
    const run = await runPhases(spec, { cwd: dir, env: { PATH: process.env.PATH }, logFile: path.join(dir, 'log', 'build.log'), timeoutMs: 10_000, signal: new AbortController().signal });

    // Assess
    expect(run.failed).toEqual({ phase: 'build', exitCode: 1 });
    expect(readdirSync(dir).sort()).toEqual(['log', 'post-build-ran']);
  });
});
