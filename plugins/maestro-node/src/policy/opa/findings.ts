/**
 * Turns OPA's decision into findings. Accepted results:
 *
 * - a list (a Rego set or array rule such as `deny`) whose items are strings
 *   (conftest's deny messages) or objects `{msg, ruleId?, severity?, file?,
 *   kind?, name?, namespace?, line?, image?, title?, remediation?}`;
 * - a package document (the path names a package, e.g. `main`) with any of
 *   conftest's `deny`, `violation` and `warn` rules, each such a list; items
 *   of `warn` default to severity warn.
 *
 * Anything else throws OpaDecisionError naming the path: a decision Maestro
 * cannot read must not count as "no findings".
 */
import type { FindingSubject } from '../exemptions';
import type { ResourceView } from '../kubernetesModel';
import type { PolicyFinding, PolicyLocation, PolicySeverity } from '../types';
import { OpaDecisionError } from './client';

export type DelegatedFinding = {
  finding: PolicyFinding;
  subject: FindingSubject;
};

type FindingList = {
  items: unknown;
  /** Data path of the rule, slash-separated. */
  rulePath: string;
  severity: PolicySeverity;
};

const PACKAGE_RULES: Array<[string, PolicySeverity]> = [
  ['deny', 'deny'],
  ['violation', 'deny'],
  ['warn', 'warn'],
];

export function toDelegatedFindings(
  result: unknown,
  context: { path: string; resources: ResourceView[]; inputPaths: string[] },
): DelegatedFinding[] {
  const { path } = context;
  let lists: FindingList[];
  if (Array.isArray(result)) {
    lists = [{ items: result, rulePath: path, severity: 'deny' }];
  } else if (
    isObject(result) &&
    PACKAGE_RULES.some(([rule]) => rule in result)
  ) {
    lists = PACKAGE_RULES.filter(([rule]) => rule in result).map(
      ([rule, severity]) => ({
        items: result[rule],
        rulePath: `${path}/${rule}`,
        severity,
      }),
    );
  } else {
    throw new OpaDecisionError(
      `OPA's decision at data path '${path}' is ${describe(
        result,
      )}, not a list of findings or a package with deny, violation or warn rules`,
    );
  }

  const distinctPaths = [...new Set(context.inputPaths)];
  const out: DelegatedFinding[] = [];
  for (const { items, rulePath, severity } of lists) {
    if (!Array.isArray(items)) {
      throw new OpaDecisionError(
        `OPA's decision at data path '${rulePath}' is ${describe(
          items,
        )}, not a list of findings`,
      );
    }
    const fallbackFile =
      distinctPaths.length === 1 ? distinctPaths[0] : `opa:${rulePath}`;
    items.forEach((item, index) => {
      out.push(
        toFinding(item, {
          rulePath,
          severity,
          resources: context.resources,
          fallbackFile,
          label: `item ${index + 1} of '${rulePath}'`,
        }),
      );
    });
  }
  return out;
}

type Item = {
  msg: string;
  ruleId?: string;
  severity?: PolicySeverity;
  file?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  line?: number;
  image?: string;
  title?: string;
  remediation?: string;
};

const STRING_FIELDS = [
  'ruleId',
  'file',
  'kind',
  'name',
  'namespace',
  'image',
  'title',
  'remediation',
] as const;

function toFinding(
  raw: unknown,
  context: {
    rulePath: string;
    severity: PolicySeverity;
    resources: ResourceView[];
    fallbackFile: string;
    label: string;
  },
): DelegatedFinding {
  const item = readItem(raw, context.label);
  const decision = `data.${context.rulePath.replace(/\//g, '.')}`;
  return {
    finding: {
      ruleId: item.ruleId ?? `OPA:${context.rulePath}`,
      severity: item.severity ?? context.severity,
      title: item.title ?? `OPA policy ${decision}`,
      message: item.msg,
      remediation:
        item.remediation ?? `See the OPA policy that defines ${decision}.`,
      location: locate(item, context.resources, context.fallbackFile),
    },
    subject: item.image ? { image: item.image } : {},
  };
}

function readItem(raw: unknown, label: string): Item {
  if (typeof raw === 'string') return { msg: raw };
  const refuse = (problem: string): never => {
    throw new OpaDecisionError(`OPA finding ${label} ${problem}`);
  };
  if (!isObject(raw) || typeof raw.msg !== 'string') {
    return refuse(
      `is ${describe(raw)}: expected a string or an object with a string "msg"`,
    );
  }
  const item: Item = { msg: raw.msg };
  for (const field of STRING_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') refuse(`has a non-string "${field}"`);
    item[field] = value as string;
  }
  if (raw.severity !== undefined && raw.severity !== null) {
    if (raw.severity !== 'deny' && raw.severity !== 'warn') {
      refuse(`has severity ${JSON.stringify(raw.severity)}: use deny or warn`);
    }
    item.severity = raw.severity as PolicySeverity;
  }
  if (raw.line !== undefined && raw.line !== null) {
    if (!Number.isInteger(raw.line) || (raw.line as number) < 1) {
      refuse('has a "line" that is not a positive whole number');
    }
    item.line = raw.line as number;
  }
  return item;
}

/**
 * A finding naming `kind` and `name` (and optionally `namespace`, `file`)
 * points at the evaluated object it names, with that object's file, line,
 * Helm template and overlay, as CEL findings do.
 */
function locate(
  item: Item,
  resources: ResourceView[],
  fallbackFile: string,
): PolicyLocation {
  const view =
    item.kind && item.name
      ? resources.find(
          r =>
            r.kind === item.kind &&
            r.name === item.name &&
            (item.namespace === undefined || r.namespace === item.namespace) &&
            (item.file === undefined || r.file === item.file),
        )
      : undefined;
  if (view) {
    return {
      file: view.file,
      ...((item.line ?? view.line) !== undefined
        ? { line: item.line ?? view.line }
        : {}),
      resource: {
        ...(view.apiVersion ? { apiVersion: view.apiVersion } : {}),
        kind: view.kind,
        ...(view.namespace ? { namespace: view.namespace } : {}),
        name: view.name,
      },
      jsonPath: '$',
      ...(view.template ? { template: view.template } : {}),
      ...(view.overlay ? { overlay: view.overlay } : {}),
    };
  }
  return {
    file: item.file ?? fallbackFile,
    ...(item.line !== undefined ? { line: item.line } : {}),
    ...(item.kind && item.name
      ? {
          resource: {
            kind: item.kind,
            ...(item.namespace ? { namespace: item.namespace } : {}),
            name: item.name,
          },
        }
      : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') {
    const keys = Object.keys(value as object);
    return `an object${
      keys.length ? ` with keys ${keys.slice(0, 5).join(', ')}` : ''
    }`;
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}
