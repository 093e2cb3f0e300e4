import { jsonSyntaxReason } from './jsonSyntaxReason';

function reasonFor(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return jsonSyntaxReason(error);
  }
  throw new Error('parsed');
}

describe('jsonSyntaxReason', () => {
  it('never quotes the input', () => {
    const secret = 'hunter2-secret-value';
    for (const text of [
      `{"password": ${secret}`,
      `[${secret}]`,
      `${secret}`,
      `{"a": 1}${secret}`,
      `{"a": "${secret}`,
    ]) {
      expect(reasonFor(text)).not.toContain('hunter2');
    }
  });

  it('keeps the position V8 reports', () => {
    expect(reasonFor('{"a": "abc')).toMatch(/position \d+/);
    expect(reasonFor('{')).toMatch(/position 1/);
  });

  it('names an unexpected token without its surroundings', () => {
    expect(reasonFor('{"a": x}')).toBe('Unexpected token');
  });
});
