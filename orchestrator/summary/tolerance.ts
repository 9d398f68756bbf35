import { InvalidInputError } from '../contract';
import type { ToleranceSetting } from './types';

/**
 * Whether `failed` failures out of `attempted` targets break the tolerance. Reaching the
 * tolerance exactly is still within it. When both forms are set, breaking either breaks it:
 * the stricter reading is the safer one for a rollout.
 */
export function toleranceBroken(tolerance: ToleranceSetting, attempted: number, failed: number): boolean {
  if (tolerance.Count !== undefined && failed > tolerance.Count) {
    return true;
  }
  // Compared in whole numbers of hundredths, so 1 of 3 at 33.3% does not hinge on float division.
  if (tolerance.Percentage !== undefined && attempted > 0 && failed * 100 > tolerance.Percentage * attempted) {
    return true;
  }
  return false;
}

/** Throws a clear error when the plan carries no usable tolerance. */
export function assertTolerance(tolerance: ToleranceSetting, field: string): void {
  const { Count, Percentage } = tolerance;
  if (Count === undefined && Percentage === undefined) {
    throw new InvalidInputError(field, 'has neither Count nor Percentage; the Plan step must set one of them');
  }
  if (Count !== undefined && (!Number.isInteger(Count) || Count < 0)) {
    throw new InvalidInputError(`${field}.Count`, `must be a whole number >= 0, got ${Count}`);
  }
  if (Percentage !== undefined && (!Number.isFinite(Percentage) || Percentage < 0 || Percentage > 100)) {
    throw new InvalidInputError(`${field}.Percentage`, `must be between 0 and 100, got ${Percentage}`);
  }
}

/** "3 failed, 1 tolerated" or "3 of 10 attempted failed (30%), 20% tolerated". */
export function describeTolerance(tolerance: ToleranceSetting, attempted: number, failed: number): string {
  const parts: string[] = [];
  if (tolerance.Count !== undefined) {
    parts.push(`${failed} failed, ${tolerance.Count} tolerated`);
  }
  if (tolerance.Percentage !== undefined) {
    const share = attempted > 0 ? Math.round((failed / attempted) * 10_000) / 100 : 0;
    parts.push(`${failed} of ${attempted} attempted failed (${share}%), ${tolerance.Percentage}% tolerated`);
  }
  return parts.join('; ');
}

/** "at most 1 failed target" / "at most 20% of attempted targets failing", for messages. */
export function toleranceLabel(tolerance: ToleranceSetting): string {
  const parts: string[] = [];
  if (tolerance.Count !== undefined) {
    parts.push(`at most ${tolerance.Count} failed target${tolerance.Count === 1 ? '' : 's'}`);
  }
  if (tolerance.Percentage !== undefined) {
    parts.push(`at most ${tolerance.Percentage}% of attempted targets failing`);
  }
  return parts.join(' and ');
}
