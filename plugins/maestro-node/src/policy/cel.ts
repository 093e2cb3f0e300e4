/**
 * The CEL boundary: compiles rule expressions once and converts values
 * between plain JS and CEL. `@bufbuild/cel` is loaded lazily so that merely
 * importing this package (for the ledger, say) never fails when CEL's peer
 * dependency `@bufbuild/protobuf` is missing; only creating an engine does.
 */
import type * as CelModule from '@bufbuild/cel';
import type { CelFunc } from '@bufbuild/cel';
import { labelSelectorMatches } from './labelSelector';

let celModule: typeof CelModule | undefined;

function loadCel(): typeof CelModule {
  if (!celModule) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      celModule = require('@bufbuild/cel') as typeof CelModule;
    } catch (error) {
      throw new Error(
        `Maestro's policy engine needs @bufbuild/cel and its peer dependency @bufbuild/protobuf: ${
          (error as Error).message
        }`,
      );
    }
  }
  return celModule;
}

/** Bindings converted once and shared by every rule evaluated on one input. @alpha */
export type CelBindings = { readonly converted: Record<string, unknown> };

let functions: CelFunc[] | undefined;

/**
 * What rules may call beyond standard CEL: the strings extension (split(),
 * lowerAscii() and friends) and Maestro's `labelSelectorMatches(selector,
 * labels)` (./labelSelector.ts), so every rule selects pods the same way.
 */
function loadFunctions(): CelFunc[] {
  if (!functions) {
    const cel = loadCel();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { strings } = require('@bufbuild/cel/ext') as { strings: CelFunc[] };
    functions = [
      ...strings,
      cel.celFunc(
        'labelSelectorMatches',
        [cel.CelScalar.DYN, cel.CelScalar.DYN],
        cel.CelScalar.BOOL,
        (selector, labels) =>
          labelSelectorMatches(fromCel(selector), fromCel(labels)),
      ),
    ];
  }
  return functions;
}

/** A compiled expression: converted bindings in, plain JS value out. @alpha */
export type CompiledExpression = (bindings: CelBindings) => unknown;

/** @alpha */
export function celBindings(values: Record<string, unknown>): CelBindings {
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values))
    converted[key] = toCel(value);
  return { converted };
}

/** Throws an Error whose message names the rule when the expression does not parse. @alpha */
export function compileExpression(
  expression: string,
  ruleId: string,
  field: string,
): CompiledExpression {
  const cel = loadCel();
  let program: ReturnType<typeof cel.plan>;
  try {
    program = cel.plan(
      cel.celEnv({ funcs: loadFunctions() }),
      cel.parse(expression),
    );
  } catch (error) {
    throw new Error(
      `Policy rule ${ruleId}: invalid CEL in '${field}': ${
        (error as Error).message
      }`,
    );
  }
  return bindings => {
    const result = program(bindings.converted as any);
    if (cel.isCelError(result)) {
      throw new Error(result.message);
    }
    return fromCel(result);
  };
}

/**
 * Integers become CEL `int` (bigint) so that rules can write `replicas > 1`
 * without `1.0`; objects become maps so `has(x.field)` and `k in x` work.
 */
function toCel(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map(toCel);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const map = new Map<string, unknown>();
    for (const [key, item] of Object.entries(value as object)) {
      if (item !== undefined) map.set(key, toCel(item));
    }
    return map;
  }
  return value;
}

function fromCel(value: unknown): unknown {
  const cel = loadCel();
  if (typeof value === 'bigint') return Number(value);
  if (cel.isCelUint(value)) return Number(value.value);
  if (cel.isCelList(value)) return [...value].map(fromCel);
  if (cel.isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value) out[String(key)] = fromCel(item);
    return out;
  }
  return value;
}
