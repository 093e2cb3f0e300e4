import {
  resolveSafeChildPath,
  type LoggerService,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createPolicyEngine,
  parseExemptions,
  PolicyInputError,
  readMaestroPolicyConfig,
  type PolicyExemption,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import fs from 'node:fs/promises';
import {
  compactFinding,
  failureMessage,
  findingLine,
} from './policy/findingSummary';
import { collectWorkspaceInputs } from './policy/workspaceInputs';
import { examples } from './policyCheck.examples';

/**
 * Options of {@link createMaestroPolicyCheckAction}.
 *
 * @public
 */
export type MaestroPolicyCheckActionOptions = {
  /** App config: `maestro.policy` gives the rule pack, default profile and helm binary, as in the backend. */
  config: RootConfigService;
  logger?: LoggerService;
  /** The clock exemptions expire by; defaults to the current time. */
  now?: () => Date;
};

async function readExemptions(
  workspacePath: string,
  exemptionsPath: string | undefined,
): Promise<PolicyExemption[]> {
  if (exemptionsPath === undefined) {
    return [];
  }
  const file = resolveSafeChildPath(workspacePath, exemptionsPath);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InputError(
        `No exemptions file at ${exemptionsPath} in the workspace`,
      );
    }
    throw error;
  }
  try {
    return parseExemptions(text);
  } catch (error) {
    if (error instanceof PolicyInputError) {
      throw new InputError(`${exemptionsPath}: ${error.message}`);
    }
    throw error;
  }
}

/**
 * `maestro:policy:check` runs Maestro's policy pack over the workspace:
 * Dockerfiles, Kubernetes YAML, and Helm charts rendered with the real helm
 * binary once per values overlay. The rule pack, default profile and helm
 * binary come from `maestro.policy` in app-config, read exactly as the
 * backend reads them. Any `deny` finding without an active exemption fails
 * the step; warnings and exempted findings are logged. Read-only, so a dry
 * run checks just the same.
 *
 * @public
 */
export function createMaestroPolicyCheckAction(
  options: MaestroPolicyCheckActionOptions,
) {
  const settings = readMaestroPolicyConfig(options.config);
  // Built once, like the backend's: a broken rule pack fails at startup.
  const engine = createPolicyEngine(settings.engineOptions);
  options.logger?.info(
    `maestro:policy:check uses ${engine.rules().length} policy rules, profile ${
      settings.defaultProfile
    } by default`,
  );

  return createTemplateAction({
    id: 'maestro:policy:check',
    description:
      "Checks the workspace's Dockerfiles, Kubernetes manifests and Helm charts against Maestro's policy pack; fails on deny findings without an active exemption",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        paths: z =>
          z
            .array(z.string(), {
              description:
                'Files or folders to check, relative to the workspace (default: the whole workspace)',
            })
            .min(1)
            .optional(),
        exemptionsPath: z =>
          z
            .string({
              description:
                'Exemptions file (YAML or JSON) in the workspace, as maestro-policy check --exemptions reads it',
            })
            .optional(),
        profile: z =>
          z
            .enum(['default', 'strict'], {
              description:
                'Rule profile; defaults to maestro.policy.profile, else default',
            })
            .optional(),
        entityRef: z =>
          z
            .string({
              description:
                'Catalog entity the files belong to, matched against exemption selectors',
            })
            .optional(),
      },
      output: {
        passed: z =>
          z.boolean({
            description: 'True when no deny finding lacks an active exemption',
          }),
        denied: z =>
          z.number({
            description: 'Deny findings not covered by an active exemption',
          }),
        warnings: z =>
          z.number({
            description: 'Warn findings not covered by an exemption',
          }),
        exempted: z =>
          z.number({
            description: 'Findings covered by an active exemption',
          }),
        checked: z =>
          z.object(
            {
              dockerfiles: z.number(),
              manifests: z.number(),
              charts: z.number(),
              overlays: z.number(),
            },
            {
              description:
                'What was checked: Dockerfiles, manifest files, Helm charts and rendered values overlays',
            },
          ),
        findings: z =>
          z.array(
            z.object({
              ruleId: z.string(),
              severity: z.enum(['deny', 'warn']),
              status: z.enum(['denied', 'warning', 'exempted']),
              title: z.string(),
              location: z.string(),
              message: z.string(),
              remediation: z.string(),
              exemption: z.string().optional(),
            }),
            { description: 'Every finding, compact, for the output page' },
          ),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const profile = input.profile ?? settings.defaultProfile;
      const exemptions = await readExemptions(
        ctx.workspacePath,
        input.exemptionsPath,
      );
      const { inputs, notes, checked } = await collectWorkspaceInputs({
        workspacePath: ctx.workspacePath,
        paths: input.paths ?? ['.'],
        helmPath: settings.helmPath,
      });
      for (const note of notes) {
        ctx.logger.warn(note);
      }
      if (inputs.length === 0) {
        ctx.logger.warn(
          'Nothing to check: no Dockerfiles, Kubernetes manifests or Helm charts',
        );
      }

      let report;
      try {
        report = await engine.evaluateAsync(inputs, {
          profile,
          exemptions,
          now: options.now?.(),
          entityRef: input.entityRef,
        });
      } catch (error) {
        if (error instanceof PolicyInputError) {
          throw new InputError(error.message);
        }
        throw error;
      }

      const findings = report.findings.map(compactFinding);
      const denied = findings.filter(f => f.status === 'denied');
      for (const finding of findings) {
        const line = findingLine(finding);
        if (finding.status === 'denied') {
          ctx.logger.error(`Denied: ${line}`);
        } else if (finding.status === 'warning') {
          ctx.logger.warn(`Warning: ${line}`);
        } else {
          ctx.logger.info(`Exempted: ${line}`);
        }
      }
      ctx.logger.info(
        `Checked ${checked.dockerfiles} Dockerfile(s), ${checked.manifests} manifest file(s), ${checked.charts} Helm chart(s) in ${checked.overlays} overlay(s) with profile ${profile}: ${denied.length} denied, ${report.summary.warn} warning(s), ${report.summary.exempted} exempted`,
      );

      ctx.output('passed', report.passed);
      ctx.output('denied', denied.length);
      ctx.output('warnings', report.summary.warn);
      ctx.output('exempted', report.summary.exempted);
      ctx.output('checked', checked);
      ctx.output('findings', findings);
      if (!report.passed) {
        throw new Error(failureMessage(denied));
      }
    },
  });
}
