import { canonicalJson } from './canonicalJson';

describe('canonicalJson', () => {
  it('sorts object members by UTF-16 code units at every depth', () => {
    expect(
      canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }),
    ).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    // RFC 8785 orders by code units, so upper case sorts before lower case
    // and a supplementary-plane character sorts by its surrogates.
    expect(canonicalJson({ a: 1, B: 2, '\u{1F600}': 3, '\uFB33': 4 })).toBe(
      '{"B":2,"a":1,"\u{1F600}":3,"\uFB33":4}',
    );
  });

  it('serializes numbers and strings as ECMAScript does (RFC 8785 examples)', () => {
    expect(canonicalJson([1e21, 1e-7, 333333333.3333333, -0, 4.5, 2e-3])).toBe(
      '[1e+21,1e-7,333333333.3333333,0,4.5,0.002]',
    );
    expect(canonicalJson('\u20ac$\u000f\nA\'B"\\\\"/')).toBe(
      '"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"',
    );
  });

  it('drops undefined object members and uses toJSON (dates)', () => {
    expect(
      canonicalJson({
        when: new Date('2026-01-02T03:04:05.006Z'),
        gone: undefined,
      }),
    ).toBe('{"when":"2026-01-02T03:04:05.006Z"}');
  });

  it('gives the same text whatever the insertion order', () => {
    const one = canonicalJson({
      x: 1,
      y: [true, false],
      z: { q: 'v', p: 'w' },
    });
    const two = canonicalJson({
      z: { p: 'w', q: 'v' },
      y: [true, false],
      x: 1,
    });
    expect(one).toBe(two);
  });

  it.each([
    ['NaN', { n: NaN }, /non-finite number at \$\.n/],
    ['Infinity', [Infinity], /non-finite number at \$\[0\]/],
    ['a bigint', { big: BigInt(1) }, /bigint at \$\.big/],
    ['a function', { f: () => 1 }, /function at \$\.f/],
    [
      'undefined in an array',
      { list: [1, undefined] },
      /undefined at \$\.list\[1\]/,
    ],
  ])('refuses %s, naming where it is', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });
});
