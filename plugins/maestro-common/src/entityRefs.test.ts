import { normalizeEntityRef } from './entityRefs';

describe('normalizeEntityRef', () => {
  it.each([
    ['payments-api', 'component:default/payments-api'],
    ['Component:Default/Payments-API', 'component:default/payments-api'],
    ['group:payments-team', 'group:default/payments-team'],
    [' system:shop/checkout ', 'system:shop/checkout'],
  ])('spells %s as %s', (input, expected) => {
    expect(normalizeEntityRef(input)).toBe(expected);
  });

  it('rejects what is not an entity ref', () => {
    expect(() => normalizeEntityRef('kind:namespace/')).toThrow(
      /was not on the form/,
    );
    expect(() => normalizeEntityRef('')).toThrow(/must not be empty/);
  });
});
