/*
 * The Secure service template (examples/templates/secure-service) run the
 * way the template editor runs it: POST /api/scaffolder/v2/dry-run on a test
 * backend with the real scaffolder plugin, its GitHub module and Maestro's
 * module, the template's whole folder uploaded as directoryContents. The
 * scaffolder validates the values against the template's parameters (the
 * same jsonschema check POST /v2/tasks makes), renders the skeleton with its
 * own templating (fetch:template) and runs every step as a dry run. Maestro's
 * file-generating actions write into the dry run's workspace like the
 * built-in ones, so the response's directoryContents hold the Dockerfile,
 * chart and turbo.json, and the policy step checks them for real (with the
 * real helm). The catalog file it renders is read with the catalog's own YAML
 * parser.
 */
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  parseEntityYaml,
  type CatalogProcessorResult,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderModuleMaestro, {
  createMaestroPolicyCheckAction,
} from '@maestro-conductor/backstage-plugin-scaffolder-backend-module-maestro';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';

jest.setTimeout(120_000);

const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../../../examples/templates/secure-service',
);

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap(entry =>
      entry.isDirectory()
        ? listFiles(dir, path.posix.join(prefix, entry.name))
        : [path.posix.join(prefix, entry.name)],
    );
}

/** Every document of a catalog file, as the catalog reads it. */
function catalogResults(text: string): CatalogProcessorResult[] {
  return [
    ...parseEntityYaml(Buffer.from(text), {
      type: 'file',
      target: 'catalog-info.yaml',
    }),
  ];
}

const [templateResult] = catalogResults(
  fs.readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
);
const template = (templateResult as { entity: Entity }).entity;
const directoryContents = listFiles(TEMPLATE_DIR).map(file => ({
  path: file,
  base64Content: fs
    .readFileSync(path.join(TEMPLATE_DIR, file))
    .toString('base64'),
}));
const stepIds = (template.spec!.steps as Array<{ id: string }>).map(s => s.id);
const SERVICE = 'services/checkout-api';
// The policy step's summary for the generated Dockerfile and chart (values.yaml
// and the dev, staging, prod and preview overlays).
const CHECKED_WITHOUT_DENIALS =
  /^Checked 1 Dockerfile\(s\), 0 manifest file\(s\), 1 Helm chart\(s\) in 5 overlay\(s\) with profile default: 0 denied, /;

const VALUES = {
  name: 'checkout-api',
  description: 'Takes card payments',
  owner: 'group:default/payments-team',
  language: 'node',
  rolloutStrategy: 'canary',
  channels: ['dev', 'staging', 'prod'],
  imageRegistry: 'ghcr.io/acme',
  publishTarget: 'local',
};

type DryRunResponse = {
  status: number;
  body: {
    errors?: Array<{ property: string; name: string }>;
    log: Array<{ body: { stepId?: string; status?: string; message: string } }>;
    directoryContents: Array<{
      path: string;
      base64Content: string;
      executable: boolean;
    }>;
    output: {
      links?: Array<{ title: string; entityRef?: string; url?: string }>;
      text?: Array<{ title: string; content: string }>;
    };
  };
};

describe('the Secure service template, dry-run through the scaffolder API', () => {
  const repositories = createMockDirectory();
  const workingDirectory = createMockDirectory();
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleGithub,
        scaffolderModuleMaestro,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'User',
              metadata: { name: 'mock', namespace: 'default' },
              spec: {
                profile: { displayName: 'Mock User', email: 'mock@acme.test' },
              },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { workingDirectory: workingDirectory.path },
            maestro: {
              scaffolder: {
                localRepositories: { directory: repositories.path },
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
  });

  async function dryRun(
    values: Record<string, unknown>,
  ): Promise<DryRunResponse> {
    return request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({ template, values, secrets: {}, directoryContents });
  }

  /** Each step's final status, from the task log. */
  function stepStatuses(res: DryRunResponse): Record<string, string> {
    const statuses: Record<string, string> = {};
    for (const { body } of res.body.log) {
      if (body.stepId && body.status) statuses[body.stepId] = body.status;
    }
    return statuses;
  }

  function fileOf(res: DryRunResponse, file: string): string {
    const entry = res.body.directoryContents.find(f => f.path === file);
    if (!entry) {
      throw new Error(
        `No ${file} in ${res.body.directoryContents
          .map(f => f.path)
          .join(', ')}`,
      );
    }
    return Buffer.from(entry.base64Content, 'base64').toString('utf8');
  }

  function paths(res: DryRunResponse): string[] {
    return res.body.directoryContents.map(f => f.path);
  }

  /** What the policy step logged, without the colored level (`info: `). */
  function policyLog(res: DryRunResponse): string[] {
    return res.body.log
      .filter(({ body }) => body.stepId === 'policy')
      .map(({ body }) =>
        // eslint-disable-next-line no-control-regex
        body.message.replace(/^(\u001b\[\d+m)?\w+(\u001b\[\d+m)?: /, ''),
      );
  }

  /** The policy step's summary line, e.g. `Checked 1 Dockerfile(s), … 0 denied, …`. */
  function policySummary(res: DryRunResponse): string | undefined {
    return policyLog(res).find(line => line.startsWith('Checked '));
  }

  /** The findings the policy step logged, one line each. */
  function policyFindings(res: DryRunResponse): string[] {
    return policyLog(res).filter(line =>
      /^(Denied|Warning|Exempted): /.test(line),
    );
  }

  function failureLog(res: DryRunResponse): string {
    return res.status === 200 ? '' : JSON.stringify(res.body).slice(0, 4000);
  }

  it.each(['rolling', 'canary', 'blue-green'])(
    'runs every step with publishing to a local repository (%s)',
    async rolloutStrategy => {
      const res = await dryRun({ ...VALUES, rolloutStrategy });
      expect([res.status, failureLog(res)]).toEqual([200, '']);
      const local = Object.fromEntries(
        stepIds.map(id => [
          id,
          id.endsWith('-github') ? 'skipped' : 'completed',
        ]),
      );
      expect(stepStatuses(res)).toEqual(local);
      expect(res.body.output.links).toEqual([
        {
          title: 'Open in the catalog',
          icon: 'catalog',
          entityRef: 'component:default/checkout-api',
        },
        {
          title: 'Repository',
          url: `file://${path.join(repositories.path, 'checkout-api')}`,
        },
      ]);
      // Nothing was published or registered.
      expect(fs.readdirSync(repositories.path)).toEqual([]);
      // The chart's workload is the strategy's, and the policy step checked it.
      const workload =
        rolloutStrategy === 'rolling' ? 'deployment.yaml' : 'rollout.yaml';
      expect(paths(res)).toContain(`${SERVICE}/chart/templates/${workload}`);
      expect(policySummary(res)).toMatch(CHECKED_WITHOUT_DENIALS);
    },
  );

  it("returns the files Maestro's actions wrote in the dry run: Dockerfile, chart, turbo.json, workspaces, annotations", async () => {
    const res = await dryRun(VALUES);
    expect([res.status, failureLog(res)]).toEqual([200, '']);
    expect(paths(res)).toEqual(
      expect.arrayContaining([
        `${SERVICE}/Dockerfile`,
        `${SERVICE}/.dockerignore`,
        ...[
          'Chart.yaml',
          'values.yaml',
          'values-dev.yaml',
          'values-staging.yaml',
          'values-prod.yaml',
          'values-preview.yaml',
          'templates/rollout.yaml',
          'templates/analysistemplate.yaml',
        ].map(file => `${SERVICE}/chart/${file}`),
        'turbo.json',
      ]),
    );
    const dockerfile = fileOf(res, `${SERVICE}/Dockerfile`);
    expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/nodejs\S+@sha256:/m);
    expect(dockerfile).toContain('USER 65532:65532');
    expect(dockerfile).toContain(
      'org.opencontainers.image.title="checkout-api"',
    );
    // (packages/backend has no YAML parser of its own; the chart's content is
    // tested in the module, here only that it is this service's chart.)
    const chart = fileOf(res, `${SERVICE}/chart/Chart.yaml`);
    expect(chart).toMatch(/^apiVersion: v2$/m);
    expect(chart).toMatch(/^name: checkout-api$/m);
    expect(fileOf(res, `${SERVICE}/chart/values.yaml`)).toMatch(
      /^ {2}repository: "?ghcr\.io\/acme\/checkout-api"?$/m,
    );
    const turbo = JSON.parse(fileOf(res, 'turbo.json'));
    expect(Object.keys(turbo.tasks)).toEqual(
      expect.arrayContaining(['checkout-api#build', 'checkout-api#docker']),
    );
    expect(JSON.parse(fileOf(res, 'package.json')).workspaces).toEqual([
      SERVICE,
    ]);
    const [catalog] = catalogResults(fileOf(res, 'catalog-info.yaml'));
    expect(catalog).toMatchObject({
      type: 'entity',
      entity: {
        metadata: {
          annotations: {
            'maestro.io/image': 'ghcr.io/acme/checkout-api',
            'maestro.io/channels': 'dev,staging,prod',
            'maestro.io/helm-chart': `${SERVICE}/chart`,
            'maestro.io/rollout': 'checkout-api',
          },
        },
      },
    });
  });

  it('reports the policy findings of the generated files: those a check of the returned files finds', async () => {
    const res = await dryRun(VALUES);
    expect([res.status, failureLog(res)]).toEqual([200, '']);

    // maestro:policy:check run on its own over the files the dry run returned.
    const generated = createMockDirectory();
    generated.setContent(
      Object.fromEntries(
        res.body.directoryContents.map(file => [
          file.path,
          Buffer.from(file.base64Content, 'base64'),
        ]),
      ),
    );
    const outputs: Record<string, unknown> = {};
    await createMaestroPolicyCheckAction({
      config: mockServices.rootConfig(),
    }).handler({
      input: { paths: [SERVICE], entityRef: 'component:default/checkout-api' },
      workspacePath: generated.path,
      logger: mockServices.logger.mock(),
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
      checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
      isDryRun: false,
    } as any);
    expect(outputs).toMatchObject({
      passed: true,
      denied: 0,
      exempted: 0,
      checked: { dockerfiles: 1, manifests: 0, charts: 1, overlays: 5 },
    });
    const warnings = outputs.warnings as number;
    // No sourceUrl in the template, so the image has no source label.
    expect(warnings).toBeGreaterThan(0);

    expect(policySummary(res)).toBe(
      `Checked 1 Dockerfile(s), 0 manifest file(s), 1 Helm chart(s) in 5 overlay(s) with profile default: 0 denied, ${warnings} warning(s), 0 exempted`,
    );
    expect(policyFindings(res)).toHaveLength(
      (outputs.findings as unknown[]).length,
    );
    expect(policyFindings(res)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Warning: MAESTRO-DF-004 /),
      ]),
    );
    expect(res.body.output.text?.[0]).toMatchObject({
      title: 'Policy check',
      content: expect.stringContaining(
        `Deny findings: **0** · warnings: **${warnings}** · exempted: **0**`,
      ),
    });
  });

  it.each(['python', 'go', 'java'])(
    'writes a %s Dockerfile and chart the policy step passes',
    async language => {
      const res = await dryRun({ ...VALUES, language });
      expect([res.status, failureLog(res)]).toEqual([200, '']);
      expect(paths(res)).toEqual(
        expect.arrayContaining([
          `${SERVICE}/Dockerfile`,
          `${SERVICE}/chart/Chart.yaml`,
          'turbo.json',
        ]),
      );
      expect(policySummary(res)).toMatch(CHECKED_WITHOUT_DENIALS);
    },
  );

  it('runs every step with publishing to GitHub, whose built-in actions have no dry run', async () => {
    const res = await dryRun({
      ...VALUES,
      publishTarget: 'github',
      repoUrl: 'github.com?owner=acme&repo=checkout-api',
    });
    expect([res.status, failureLog(res)]).toEqual([200, '']);
    // publish:github and catalog:register do not support dry runs, so the
    // scaffolder skips them; every other step runs.
    expect(stepStatuses(res)).toEqual(
      Object.fromEntries(
        stepIds.map(id => [
          id,
          /-(local|github)$/.test(id) ? 'skipped' : 'completed',
        ]),
      ),
    );
  });

  it('renders catalog-info.yaml and package.json from the skeleton', async () => {
    const res = await dryRun(VALUES);
    expect([res.status, failureLog(res)]).toEqual([200, '']);
    const [result, ...rest] = catalogResults(fileOf(res, 'catalog-info.yaml'));
    expect(rest).toEqual([]);
    expect(result).toMatchObject({
      type: 'entity',
      entity: {
        kind: 'Component',
        metadata: {
          name: 'checkout-api',
          description: 'Takes card payments',
          tags: ['node', 'maestro'],
        },
        spec: { owner: 'group:default/payments-team', type: 'service' },
      },
    });
    expect(JSON.parse(fileOf(res, 'package.json'))).toMatchObject({
      name: 'checkout-api-repository',
      description: 'Takes card payments',
    });
  });

  /*
   * Hostile values for every parameter. Each must either be refused by the
   * parameter schema (HTTP 400 naming the field) or come out verbatim in a
   * catalog-info.yaml of exactly one document (and a package.json that is
   * still JSON).
   */
  const LOCATION =
    'x\n---\napiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: { name: evil }\nspec: { targets: [https://evil.example/catalog.yaml] }';
  const HOSTILE = [
    LOCATION,
    'x\r\n--- \r\nkind: Location',
    'payments" \n  annotations: { evil: "1" }',
    "it's \"quoted\" \\ and 'single'",
    '${{ parameters.name }} {{ values.owner }} {% raw %}',
    'a # comment: and a: colon',
    '- [flow, list]: {map}',
    '&anchor *alias !!binary |',
    'Ünïcødé ✓ 支付 🚀',
    '\u202eevil\u2066',
    'line\u2028separator',
    'nul\u0000byte',
    '',
  ];

  const FIELDS = [
    'name',
    'description',
    'owner',
    'language',
    'rolloutStrategy',
    'channels',
    'imageRegistry',
    'publishTarget',
    'repoUrl',
  ] as const;

  it('lists every parameter of the template here', () => {
    const pages = template.spec!.parameters as Array<{
      properties: Record<string, unknown>;
      dependencies?: {
        publishTarget: {
          oneOf: Array<{ properties: Record<string, unknown> }>;
        };
      };
    }>;
    const declared = new Set(
      pages.flatMap(page => [
        ...Object.keys(page.properties),
        ...(page.dependencies?.publishTarget.oneOf ?? []).flatMap(branch =>
          Object.keys(branch.properties),
        ),
      ]),
    );
    expect([...declared].sort()).toEqual([...FIELDS].sort());
  });

  const withHostile = (field: (typeof FIELDS)[number], value: string) => {
    const values: Record<string, unknown> = { ...VALUES };
    if (field === 'channels') values.channels = ['dev', value];
    else if (field === 'repoUrl') {
      values.publishTarget = 'github';
      values.repoUrl = value;
    } else values[field] = value;
    return values;
  };

  // The free-text description is the one field hostile text can pass (as
  // one line without control or bidi characters); the others are entity
  // refs, names, enums or registry paths.
  const ACCEPTED_DESCRIPTIONS = new Set([
    "it's \"quoted\" \\ and 'single'",
    '${{ parameters.name }} {{ values.owner }} {% raw %}',
    'a # comment: and a: colon',
    '- [flow, list]: {map}',
    '&anchor *alias !!binary |',
    'Ünïcødé ✓ 支付 🚀',
    '',
  ]);

  const cases = FIELDS.flatMap(field =>
    HOSTILE.map(value => [field, JSON.stringify(value), value] as const),
  );
  const accepted = cases.filter(
    ([field, , value]) =>
      field === 'description' && ACCEPTED_DESCRIPTIONS.has(value),
  );
  const refused = cases.filter(c => !accepted.includes(c));

  /*
   * Defence in depth: the skeleton itself serializes every value it writes
   * into catalog-info.yaml (`| dump`), so even values the schema would refuse
   * come out verbatim in one document. Checked with a copy of the template
   * that keeps only the repository files step and no parameter schema.
   */
  it.each(HOSTILE.map(value => [JSON.stringify(value), value]))(
    'the skeleton alone writes %s verbatim into one catalog document, without the schema',
    async (_shown, value) => {
      const bare = {
        ...template,
        spec: {
          ...template.spec,
          parameters: [],
          steps: (template.spec!.steps as Array<{ id: string }>).filter(
            step => step.id === 'repository',
          ),
          output: {},
        },
      };
      const res: DryRunResponse = await request(server)
        .post('/api/scaffolder/v2/dry-run')
        .set('Authorization', mockCredentials.user.header())
        .send({
          template: bare,
          values: {
            name: value,
            description: value,
            owner: value,
            language: value,
          },
          secrets: {},
          directoryContents,
        });
      expect([res.status, failureLog(res)]).toEqual([200, '']);
      const text = fileOf(res, 'catalog-info.yaml');
      const documents = catalogResults(text);
      expect(documents.map(d => d.type)).toEqual(['entity']);
      expect((documents[0] as { entity: Entity }).entity).toMatchObject({
        kind: 'Component',
        metadata: { name: value, description: value, tags: [value, 'maestro'] },
        spec: { owner: value, type: 'service' },
      });
      expect(JSON.parse(fileOf(res, 'package.json'))).toMatchObject({
        name: `${value}-repository`,
        description: value,
      });
    },
  );

  it.each(refused)(
    '%s = %s is refused by the parameter schema',
    async (field, _shown, value) => {
      const res = await dryRun(withHostile(field, value));
      // The error names the field. A repoUrl fails the page's publishTarget
      // oneOf as a whole; the GitHub dry run above, with a valid repoUrl,
      // shows that the branch passes otherwise.
      expect(res.status).toBe(400);
      const errors = (res.body.errors ?? []).map(
        e => `${e.property} ${e.name}`,
      );
      const naming =
        field === 'repoUrl'
          ? /^instance\.publishTarget oneOf$/
          : new RegExp(`^instance\\.${field}(\\[1\\])? `);
      expect(errors).toEqual(
        expect.arrayContaining([expect.stringMatching(naming)]),
      );
    },
  );

  it.each(accepted)(
    '%s = %s is written verbatim into one catalog document',
    async (_field, _shown, value) => {
      const res = await dryRun(withHostile('description', value));
      expect([res.status, failureLog(res)]).toEqual([200, '']);
      const results = catalogResults(fileOf(res, 'catalog-info.yaml'));
      expect(results.map(r => r.type)).toEqual(['entity']);
      expect((results[0] as { entity: Entity }).entity).toMatchObject({
        kind: 'Component',
        metadata: { name: VALUES.name, description: value },
        spec: { owner: VALUES.owner },
      });
      expect(JSON.parse(fileOf(res, 'package.json')).description).toBe(value);
    },
  );
});
