import { LineCounter, parseDocument } from 'yaml';
import { deploymentSchema, type Deployment } from './deployment-file';
import { checkTemplate, type DeploymentTemplate } from './deployment-template';
import { dottedPath, fieldIssues, type FieldIssue } from './field-issues';
import { positionOf } from './yaml-positions';

/** One problem in a deployment file, placed where an editor can jump to it. */
export interface FileProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** `field (value) problem — fix`, or the YAML syntax error with its fix. */
  readonly message: string;
}

export type CheckedDeployment =
  | { readonly ok: true; readonly deployment: Deployment; readonly raw: unknown; readonly template?: DeploymentTemplate }
  | { readonly ok: false; readonly problems: FileProblem[] };

/** `file:line:column: message`, the form compilers use and editors link. */
export function formatProblem(problem: FileProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

/**
 * Parses and checks a deployment file's text. Every problem is reported (not just the
 * first), each at the position of the offending key or value. Given `readFile`, the
 * deployment's template is read (relative to the file) and checked too.
 */
export function checkDeploymentText(file: string, text: string, readFile?: (path: string) => string): CheckedDeployment {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return {
          file,
          line,
          column: col,
          message: `${firstLine(error.message)} — fix the YAML syntax here (indent with spaces, quote values holding ": " or "#")`,
        };
      }),
    };
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    return { ok: false, problems: [{ file, line: 1, column: 1, message: 'the file is empty — write a deployment, starting with name: my-rollout' }] };
  }
  const placed = (issues: FieldIssue[]): CheckedDeployment => {
    const problems = issues.map((issue) => {
      const { line, column } = positionOf(doc, lines, issue.path, issue.atKey);
      const field = dottedPath(issue.path);
      return { file, line, column, message: field ? `${field} ${issue.message}` : issue.message };
    });
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    return { ok: false, problems };
  };
  const parsed = deploymentSchema.safeParse(raw);
  if (!parsed.success) return placed(fieldIssues(parsed.error, raw));
  if (readFile === undefined) return { ok: true, deployment: parsed.data, raw };
  const checked = checkTemplate(file, parsed.data, readFile);
  if (checked.issues.length > 0) return placed(checked.issues);
  return { ok: true, deployment: parsed.data, raw, ...(checked.template ? { template: checked.template } : {}) };
}
