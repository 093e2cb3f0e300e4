/**
 * Rule definitions are data: YAML (built-in pack, rules folder) or objects
 * (app-config). They are validated here with zod so that an organisation's
 * broken rule fails at engine creation with the rule's ID in the message.
 */
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';

const profileSchema = z.enum(['default', 'strict']);

/** zod schema of one rule definition. @public @alpha */
export const policyRuleDefinitionSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
        'letters, digits, ".", "_" and "-" only',
      ),
    kind: z.enum(['dockerfile', 'kubernetes']),
    scope: z.enum(['resource', 'set']).default('resource'),
    severity: z.enum(['deny', 'warn']),
    title: z.string().min(1),
    rationale: z.string().min(1),
    remediation: z.string().min(1),
    profiles: z.array(profileSchema).min(1).optional(),
    /**
     * How the rule compares with other tools (kube-score, Pod Security
     * Standards) where it deliberately differs; shown in the rules table.
     */
    notes: z.string().min(1).optional(),
    /** Narrows which Kubernetes objects a `resource` rule sees. */
    match: z
      .object({
        /** Kubernetes kinds, e.g. `[Service]`. */
        kinds: z.array(z.string().min(1)).optional(),
        /** Only objects with a pod template (Pod, Deployment, …, Rollout). */
        workloads: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /**
     * CEL expression returning a list of violation maps:
     * `{message: string, path?: string, line?: int, image?: string, resource?: {kind, name, namespace}}`.
     * An empty list means the input passes.
     */
    violations: z.string().min(1),
  })
  .strict();

/** A rule as written by people (YAML or app-config). @public */
export type PolicyRuleDefinition = z.input<typeof policyRuleDefinitionSchema>;

/** A validated rule plus where it came from. @alpha */
export type LoadedRuleDefinition = z.output<
  typeof policyRuleDefinitionSchema
> & {
  origin: string;
};

/** Validates one definition; the error names the rule (or its position) and the origin. */
export function validateRuleDefinition(
  value: unknown,
  origin: string,
  position: number,
): LoadedRuleDefinition {
  const parsed = policyRuleDefinitionSchema.safeParse(value);
  if (!parsed.success) {
    const id =
      value &&
      typeof value === 'object' &&
      typeof (value as any).id === 'string'
        ? (value as any).id
        : `#${position + 1}`;
    const reasons = parsed.error.issues
      .map(issue => `${issue.path.join('.') || '(rule)'}: ${issue.message}`)
      .join('; ');
    throw new Error(`Policy rule ${id} from ${origin} is invalid: ${reasons}`);
  }
  return { ...parsed.data, origin };
}

/**
 * Reads a rule file: a YAML list of rules, `{rules: [...]}`, or several
 * documents each holding one rule.
  *
  * @alpha
 */
export function parseRuleFile(
  text: string,
  origin: string,
): LoadedRuleDefinition[] {
  const documents = parseAllDocuments(text);
  const items: unknown[] = [];
  for (const document of documents) {
    if (document.errors.length > 0) {
      throw new Error(
        `Policy rule file ${origin} is not valid YAML: ${document.errors[0].message}`,
      );
    }
    const value = document.toJS();
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) items.push(...value);
    else if (typeof value === 'object' && Array.isArray((value as any).rules)) {
      items.push(...(value as any).rules);
    } else items.push(value);
  }
  return items.map((item, index) =>
    validateRuleDefinition(item, origin, index),
  );
}
