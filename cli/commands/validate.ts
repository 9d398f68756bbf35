import type { CliDeps } from '../deps';
import { checkDeploymentText, formatProblem } from '../deployment-document';
import { ExitCodes, type ExitCode } from '../errors';
import { readProblem } from '../deployment-source';
import { toExecutionInput } from '../execution-input';

/**
 * `validate`: checks each deployment file and prints every problem as
 * `file:line:column: message — fix`; exit 2 when any file has one.
 */
export function validateCommand(files: readonly string[], deps: CliDeps): ExitCode {
  let failed = false;
  for (const file of files) {
    let text: string;
    try {
      text = deps.readFile(file);
    } catch (error) {
      deps.stderr.write(`${file}:1:1: ${readProblem(error, 'a deployment file (YAML)')}\n`);
      failed = true;
      continue;
    }
    const checked = checkDeploymentText(file, text, deps.readFile);
    if (!checked.ok) {
      for (const problem of checked.problems) deps.stderr.write(`${formatProblem(problem)}\n`);
      failed = true;
      continue;
    }
    const input = toExecutionInput(checked.deployment);
    const regions = input.Regions ? `${input.Regions.length} region(s)` : 'default regions';
    deps.stdout.write(`${file}: ok (${checked.deployment.name}: ${input.Function}, ${regions})\n`);
  }
  return failed ? ExitCodes.BAD_INPUT : ExitCodes.OK;
}
