/**
 * Canonical JSON after RFC 8785 (JSON Canonicalization Scheme): object members
 * sorted by their UTF-16 code units, no insignificant whitespace, ECMAScript
 * number and string serialization. The same value always gives the same bytes,
 * on every database and every Node version, which is what the ledger's hash
 * chain needs.
 *
 * Values JSON cannot represent faithfully (NaN, Infinity, BigInt, functions,
 * symbols, `undefined` inside arrays) are refused instead of being silently
 * changed, so a payload is never recorded differently from what was given.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, '$');
}

function serialize(value: unknown, path: string): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`Cannot canonicalize non-finite number at ${path}`);
      }
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`Cannot canonicalize a ${typeof value} at ${path}`);
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') {
    return serialize(withJson.toJSON(), path);
  }
  if (Array.isArray(value)) {
    return `[${value
      .map((item, index) => {
        if (item === undefined) {
          throw new TypeError(
            `Cannot canonicalize undefined at ${path}[${index}]`,
          );
        }
        return serialize(item, `${path}[${index}]`);
      })
      .join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter(key => record[key] !== undefined)
    .sort(compareCodeUnits)
    .map(
      key =>
        `${JSON.stringify(key)}:${serialize(record[key], `${path}.${key}`)}`,
    );
  return `{${members.join(',')}}`;
}

// Array.prototype.sort without a comparator compares UTF-16 code units, which
// is exactly RFC 8785's member order; spelled out so nobody "fixes" it to localeCompare.
function compareCodeUnits(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
