import { labelSelectorMatches } from './labelSelector';

describe('labelSelectorMatches', () => {
  const labels = { app: 'web', tier: 'backend', major: 2 };

  it('selects nothing without a selector and everything with an empty one', () => {
    expect(labelSelectorMatches(null, labels)).toBe(false);
    expect(labelSelectorMatches(undefined, labels)).toBe(false);
    expect(labelSelectorMatches({}, labels)).toBe(true);
    expect(labelSelectorMatches({}, {})).toBe(true);
    expect(labelSelectorMatches({ matchLabels: {} }, {})).toBe(true);
  });

  it('compares label values as the strings Kubernetes stores', () => {
    expect(labelSelectorMatches({ matchLabels: { major: '2' } }, labels)).toBe(
      true,
    );
    expect(
      labelSelectorMatches(
        { matchExpressions: [{ key: 'major', operator: 'In', values: [2] }] },
        labels,
      ),
    ).toBe(true);
  });

  it('does not treat inherited properties as labels', () => {
    expect(
      labelSelectorMatches(
        { matchExpressions: [{ key: 'toString', operator: 'Exists' }] },
        labels,
      ),
    ).toBe(false);
    expect(
      labelSelectorMatches(
        {
          matchExpressions: [{ key: 'constructor', operator: 'DoesNotExist' }],
        },
        labels,
      ),
    ).toBe(true);
  });

  it.each([
    ['matchLabels that is a list', { matchLabels: ['app'] }],
    ['matchExpressions that is a map', { matchExpressions: { key: 'app' } }],
    [
      'a requirement without key',
      { matchExpressions: [{ operator: 'Exists' }] },
    ],
    [
      'In with an empty value list',
      { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] },
    ],
    [
      'DoesNotExist with values',
      {
        matchExpressions: [
          { key: 'zone', operator: 'DoesNotExist', values: ['a'] },
        ],
      },
    ],
    ['a selector that is a string', 'app=web'],
  ])('selects nothing with an invalid selector: %s', (_what, selector) => {
    expect(labelSelectorMatches(selector, labels)).toBe(false);
  });
});
