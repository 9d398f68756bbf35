import { describe, expect, it } from 'vitest';
import { capText, displayCause, MAX_CAUSE_LENGTH } from '../../../orchestrator/summary/failure-cause';

describe('displayCause', () => {
  it('keeps only the errorMessage of a Lambda error cause', () => {
    // Prepare
    const cause = JSON.stringify({ errorMessage: 'Stack is in UPDATE_ROLLBACK_FAILED', errorType: 'Error', trace: ['at x (/var/task/index.js:1:1)'] });

    // Act
    const shown = displayCause(cause);

    // Assess
    expect(shown).toBe('Stack is in UPDATE_ROLLBACK_FAILED');
  });

  it('keeps a plain-text cause as it is', () => {
    // Prepare
    const cause = 'Task timed out after 900.00 seconds';

    // Act
    const shown = displayCause(cause);

    // Assess
    expect(shown).toBe('Task timed out after 900.00 seconds');
  });

  it('keeps JSON that is not a Lambda error unchanged', () => {
    // Prepare
    const cause = '{"reason":"denied"}';

    // Act
    const shown = displayCause(cause);

    // Assess
    expect(shown).toBe('{"reason":"denied"}');
  });

  it('keeps text that only looks like JSON', () => {
    // Prepare
    const cause = '{not json';

    // Act
    const shown = displayCause(cause);

    // Assess
    expect(shown).toBe('{not json');
  });

  it('cuts a very long cause and says so', () => {
    // Prepare
    const cause = 'x'.repeat(MAX_CAUSE_LENGTH * 3);

    // Act
    const shown = displayCause(cause) ?? '';

    // Assess
    expect(shown.length).toBeLessThanOrEqual(MAX_CAUSE_LENGTH);
    expect(shown).toMatch(/cut from 6000 characters\)$/);
  });

  it('answers undefined for no cause', () => {
    // Prepare
    const cause = undefined;

    // Act
    const shown = displayCause(cause);

    // Assess
    expect(shown).toBeUndefined();
  });
});

describe('capText', () => {
  it('leaves text within the limit untouched', () => {
    // Prepare
    const text = 'short';

    // Act
    const capped = capText(text, 10);

    // Assess
    expect(capped).toBe('short');
  });
});
