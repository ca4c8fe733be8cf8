import { parseParameters } from './ConfirmDecisionDialog';

describe('parseParameters', () => {
  it('reads KEY=value lines, trimming blanks and keeping = inside values', () => {
    expect(parseParameters('MEMORY_LIMIT = 768Mi\n\n  ARGS=--a=b  ')).toEqual({
      parameters: { MEMORY_LIMIT: '768Mi', ARGS: '--a=b' },
    });
  });

  it('names the first line that is not KEY=value', () => {
    expect(parseParameters('OK=1\nnot a parameter\n2BAD=x').error).toBe(
      '“not a parameter” is not KEY=value',
    );
    expect(parseParameters('2BAD=x').error).toBe('“2BAD=x” is not KEY=value');
  });
});
