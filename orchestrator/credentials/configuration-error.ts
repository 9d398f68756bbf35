import { ErrorNames } from '../contract';

/**
 * The credentials function was deployed with a setting it cannot use. Retrying cannot
 * help, so the name is distinct from a transient failure; the message names the
 * environment variable and the accepted values.
 */
export class InvalidConfigurationError extends Error {
  public override readonly name = ErrorNames.INVALID_CONFIGURATION;
  /** @param variable the environment variable at fault, e.g. `SESSION_DURATION_SECONDS` */
  public constructor(
    public readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}
