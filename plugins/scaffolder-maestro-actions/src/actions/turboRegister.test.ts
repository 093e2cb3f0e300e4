import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createMaestroTurboRegisterAction } from './turboRegister';

const ROOT_PACKAGE = `{
  "name": "acme",
  "private": true,
  "workspaces": [
    "packages/*"
  ]
}
`;

// The turbo.json the action writes when there is none.
const CREATED_TURBO_JSON = `{
  "$schema": "https://turbo.build/schema.json",
  "tasks": {
    "build": {
      "dependsOn": ["^build"],
      "outputs": ["dist/**"]
    },
    "test": {
      "dependsOn": ["^build"]
    },
    "lint": {
      "dependsOn": ["^lint"]
    },
    "payments-api#build": {
      "dependsOn": ["^build"],
      "inputs": ["$TURBO_DEFAULT$", "!chart/**", "!Dockerfile", "!.dockerignore", "!catalog-info.yaml", "!*.md"],
      "outputs": ["dist/**"]
    },
    "payments-api#docker": {
      "dependsOn": ["build"],
      "cache": false
    }
  }
}
`;

// The entries appended for payments-api, at a given indentation.
const serviceEntries = (unit: string, eol = '\n') =>
  [
    `${unit}${unit}"payments-api#build": {`,
    `${unit}${unit}${unit}"dependsOn": ["^build"],`,
    `${unit}${unit}${unit}"inputs": ["$TURBO_DEFAULT$", "!chart/**", "!Dockerfile", "!.dockerignore", "!catalog-info.yaml", "!*.md"],`,
    `${unit}${unit}${unit}"outputs": ["dist/**"]`,
    `${unit}${unit}},`,
    `${unit}${unit}"payments-api#docker": {`,
    `${unit}${unit}${unit}"dependsOn": ["build"],`,
    `${unit}${unit}${unit}"cache": false`,
    `${unit}${unit}}`,
  ].join(eol);

describe('maestro:turbo:register', () => {
  const workspace = createMockDirectory();
  const action = createMaestroTurboRegisterAction();

  const run = (input: Record<string, unknown>, extra: object = {}) => {
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: workspace.path,
        logger: mockServices.logger.mock(),
      }),
      ...extra,
    };
    return { ctx, done: action.handler(ctx) };
  };
  const read = (file: string) =>
    fs.readFile(path.join(workspace.path, file), 'utf8');
  const exists = (file: string) =>
    fs.access(path.join(workspace.path, file)).then(
      () => true,
      () => false,
    );

  it('creates turbo.json with generic and package-scoped tasks and adds the workspace', async () => {
    workspace.setContent({ 'package.json': ROOT_PACKAGE });
    const { ctx, done } = run({ path: 'services/payments-api' });
    await done;
    expect(await read('turbo.json')).toBe(CREATED_TURBO_JSON);
    expect(await read('package.json')).toBe(`{
  "name": "acme",
  "private": true,
  "workspaces": [
    "packages/*",
    "services/payments-api"
  ]
}
`);
    expect(ctx.output).toHaveBeenCalledWith('turboJsonPath', 'turbo.json');
    expect(ctx.output).toHaveBeenCalledWith('workspaceFile', 'package.json');
    expect(ctx.output).toHaveBeenCalledWith(
      'workspaceGlob',
      'services/payments-api',
    );
    expect(ctx.output).toHaveBeenCalledWith('changed', true);
    expect(ctx.output).toHaveBeenCalledWith('addedTasks', [
      'payments-api#build',
      'payments-api#docker',
    ]);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      "services/payments-api/package.json does not exist: the package manager and turbo only see a folder with a package.json named 'payments-api'",
    );
  });

  it('appends to an existing turbo.json, keeping comments, trailing commas and other entries byte for byte', async () => {
    const before = `{
    // Shared by every package
    "$schema": "https://turbo.build/schema.json",
    "globalDependencies": [".env"],
    "tasks": {
        "build": { "dependsOn": ["^build"], "outputs": ["dist/**", ".next/**"] },
        /* web is special */
        "web#build": {
            "outputs": [".next/**"],
        },
        "lint": {}, // fast
    },
}
`;
    const head = before.slice(0, before.indexOf('    },\n}'));
    workspace.setContent({
      'package.json': ROOT_PACKAGE,
      'turbo.json': before,
    });
    await run({ path: 'services/payments-api' }).done;
    expect(await read('turbo.json')).toBe(
      `${head}${serviceEntries('    ')},\n    },\n}\n`,
    );
  });

  it('keeps tabs and CRLF line endings', async () => {
    const before =
      '{\r\n\t"tasks": {\r\n\t\t"build": {\r\n\t\t\t"outputs": ["dist/**"]\r\n\t\t}\r\n\t}\r\n}\r\n';
    workspace.setContent({
      'package.json': ROOT_PACKAGE.replace(/\n/g, '\r\n').replace(
        / {2}/g,
        '\t',
      ),
      'turbo.json': before,
    });
    await run({ path: 'services/payments-api' }).done;
    expect(await read('turbo.json')).toBe(
      `{\r\n\t"tasks": {\r\n\t\t"build": {\r\n\t\t\t"outputs": ["dist/**"]\r\n\t\t},\r\n${serviceEntries(
        '\t',
        '\r\n',
      )}\r\n\t}\r\n}\r\n`,
    );
    expect(await read('package.json')).toBe(
      '{\r\n\t"name": "acme",\r\n\t"private": true,\r\n\t"workspaces": [\r\n\t\t"packages/*",\r\n\t\t"services/payments-api"\r\n\t]\r\n}\r\n',
    );
  });

  it('adds a tasks object to a turbo.json that has none, and keeps the last comment with its entry', async () => {
    workspace.setContent({
      'package.json': ROOT_PACKAGE,
      'turbo.json': '{\n  "ui": "tui" // interactive\n}\n',
    });
    await run({
      path: 'services/payments-api',
      tasks: { docker: { cache: false } },
    }).done;
    expect(await read('turbo.json')).toBe(
      '{\n  "ui": "tui", // interactive\n  "tasks": {\n    "payments-api#docker": {\n      "cache": false\n    }\n  }\n}\n',
    );
  });

  it('leaves an existing package entry alone and adds only what is missing', async () => {
    const before = `{
  "tasks": {
    "payments-api#build": { "outputs": ["build/**"] }
  }
}
`;
    workspace.setContent({
      'package.json': ROOT_PACKAGE,
      'turbo.json': before,
    });
    const { ctx, done } = run({ path: 'services/payments-api' });
    await done;
    const after = await read('turbo.json');
    expect(after).toContain(
      '    "payments-api#build": { "outputs": ["build/**"] },\n    "payments-api#docker": {',
    );
    expect(JSON.parse(after).tasks['payments-api#build']).toEqual({
      outputs: ['build/**'],
    });
    expect(ctx.output).toHaveBeenCalledWith('addedTasks', [
      'payments-api#docker',
    ]);
  });

  it('changes nothing when run a second time', async () => {
    workspace.setContent({ 'package.json': ROOT_PACKAGE });
    await run({ path: 'services/payments-api' }).done;
    const turbo = await read('turbo.json');
    const pkg = await read('package.json');
    const second = run({ path: 'services/payments-api' });
    await second.done;
    expect(await read('turbo.json')).toBe(turbo);
    expect(await read('package.json')).toBe(pkg);
    expect(second.ctx.output).toHaveBeenCalledWith('changed', false);
    expect(second.ctx.output).toHaveBeenCalledWith('addedTasks', []);
  });

  it("writes turbo.json and the workspace globs into the dry run's workspace, as a real run would", async () => {
    workspace.setContent({ 'package.json': ROOT_PACKAGE });
    const { ctx, done } = run(
      { path: 'services/payments-api' },
      { isDryRun: true },
    );
    await done;
    expect(await read('turbo.json')).toBe(CREATED_TURBO_JSON);
    expect(JSON.parse(await read('package.json')).workspaces).toEqual([
      'packages/*',
      'services/payments-api',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('changed', true);
    expect(ctx.output).toHaveBeenCalledWith('addedTasks', [
      'payments-api#build',
      'payments-api#docker',
    ]);
    const real = run({ path: 'services/payments-api' });
    await real.done;
    expect(real.ctx.output).toHaveBeenCalledWith('changed', false);
  });

  it('writes nothing in a dry run either when a file is malformed', async () => {
    workspace.setContent({ 'package.json': '{ "workspaces": ' });
    await expect(
      run({ path: 'services/payments-api' }, { isDryRun: true }).done,
    ).rejects.toThrow(/package\.json/);
    expect(await exists('turbo.json')).toBe(false);
    expect(await read('package.json')).toBe('{ "workspaces": ');
  });

  describe('workspace globs', () => {
    it.each([
      [
        'the { packages } form',
        '{\n  "workspaces": {\n    "packages": ["apps/*"],\n    "nohoist": ["**/react-native"]\n  }\n}\n',
        '{\n  "workspaces": {\n    "packages": ["apps/*", "services/payments-api"],\n    "nohoist": ["**/react-native"]\n  }\n}\n',
      ],
      [
        'a package.json without workspaces',
        '{\n  "name": "acme",\n  "private": true\n}\n',
        '{\n  "name": "acme",\n  "private": true,\n  "workspaces": [\n    "services/payments-api"\n  ]\n}\n',
      ],
      [
        'an empty list (the golden-path skeleton)',
        '{\n  "name": "acme",\n  "workspaces": [],\n  "scripts": {}\n}\n',
        '{\n  "name": "acme",\n  "workspaces": ["services/payments-api"],\n  "scripts": {}\n}\n',
      ],
      [
        'a one-line file',
        '{"name":"acme","workspaces":["apps/*"]}',
        '{"name":"acme","workspaces":["apps/*", "services/payments-api"]}',
      ],
    ])('adds the service to %s', async (_what, before, after) => {
      workspace.setContent({ 'package.json': before });
      await run({ path: 'services/payments-api' }).done;
      expect(await read('package.json')).toBe(after);
    });

    it.each([
      ['services/*'],
      ['./services/*/'],
      ['services/**'],
      ['{apps,services}/*'],
      ['services/payments-api'],
    ])(
      'leaves package.json alone when %s already covers the service',
      async glob => {
        const before = `{\n  "workspaces": ["packages/*", "${glob}"]\n}\n`;
        workspace.setContent({ 'package.json': before });
        const { ctx, done } = run({ path: 'services/payments-api' });
        await done;
        expect(await read('package.json')).toBe(before);
        expect(ctx.output).toHaveBeenCalledWith('workspaceGlob', glob);
      },
    );

    it('adds to pnpm-workspace.yaml, keeping its comments, and ignores package.json', async () => {
      const before = `# pnpm reads this, not package.json
packages:
  - 'apps/*' # front ends
  - 'packages/*'

catalog:
  react: ^19.0.0
`;
      workspace.setContent({
        'package.json': ROOT_PACKAGE,
        'pnpm-workspace.yaml': before,
      });
      const { ctx, done } = run({ path: 'services/payments-api' });
      await done;
      expect(await read('pnpm-workspace.yaml'))
        .toBe(`# pnpm reads this, not package.json
packages:
  - 'apps/*' # front ends
  - 'packages/*'
  - 'services/payments-api'

catalog:
  react: ^19.0.0
`);
      expect(await read('package.json')).toBe(ROOT_PACKAGE);
      expect(ctx.output).toHaveBeenCalledWith(
        'workspaceFile',
        'pnpm-workspace.yaml',
      );
    });

    it('keeps a pnpm list that is not indented under packages:', async () => {
      workspace.setContent({
        'package.json': ROOT_PACKAGE,
        'pnpm-workspace.yaml': 'packages:\n- apps/*\n',
      });
      await run({ path: 'services/payments-api' }).done;
      expect(await read('pnpm-workspace.yaml')).toBe(
        'packages:\n- apps/*\n- services/payments-api\n',
      );
    });

    it.each([
      [
        'a comment-only file',
        '# globs below\n',
        '# globs below\n\npackages:\n  - services/payments-api\n',
      ],
      [
        'an empty packages key',
        'packages:\nonlyBuiltDependencies: [esbuild]\n',
        'packages:\n  - services/payments-api\nonlyBuiltDependencies: [esbuild]\n',
      ],
    ])('adds a packages list to %s', async (_what, before, after) => {
      workspace.setContent({
        'package.json': ROOT_PACKAGE,
        'pnpm-workspace.yaml': before,
      });
      await run({ path: 'services/payments-api' }).done;
      expect(await read('pnpm-workspace.yaml')).toBe(after);
    });

    it('leaves pnpm-workspace.yaml alone when a glob covers the service', async () => {
      const before = 'packages:\n  - "services/*" # all services\n';
      workspace.setContent({
        'package.json': ROOT_PACKAGE,
        'pnpm-workspace.yaml': before,
      });
      await run({ path: 'services/payments-api' }).done;
      expect(await read('pnpm-workspace.yaml')).toBe(before);
    });
  });

  describe('refusals', () => {
    it.each([
      [
        'invalid JSON in turbo.json',
        { 'turbo.json': '{\n  "tasks": {\n    "build": {\n  }\n' },
        /turbo\.json is not valid JSON \(comments allowed\): CloseBraceExpected at line 5/,
      ],
      [
        'tasks that is not an object',
        { 'turbo.json': '{ "tasks": ["build"] }' },
        /turbo\.json: "tasks" must be an object of task definitions, found a list/,
      ],
      [
        'a turbo 1.x pipeline',
        { 'turbo.json': '{ "pipeline": { "build": {} } }' },
        /turbo\.json uses turbo 1\.x "pipeline"/,
      ],
      [
        'a comment in package.json',
        { 'package.json': '{\n  // no\n  "workspaces": []\n}\n' },
        /package\.json is not valid JSON: InvalidCommentToken at line 2, column 3/,
      ],
      [
        'workspaces of the wrong type',
        { 'package.json': '{ "workspaces": "services/*" }' },
        /package\.json: "workspaces" must be a list of globs or \{ "packages": \[\.\.\.\] \}, found a string/,
      ],
      [
        'a workspace glob that is not a string',
        { 'package.json': '{ "workspaces": { "packages": ["apps/*", 3] } }' },
        /package\.json: "workspaces\.packages" must list strings, found a number/,
      ],
      [
        'a pnpm packages entry that is a map',
        { 'pnpm-workspace.yaml': 'packages:\n  apps: true\n' },
        /pnpm-workspace\.yaml: "packages" must be a list of globs/,
      ],
      [
        'malformed pnpm-workspace.yaml',
        { 'pnpm-workspace.yaml': 'packages: [apps/*\n' },
        /pnpm-workspace\.yaml is not valid YAML/,
      ],
      [
        'a negated glob excluding the service',
        {
          'pnpm-workspace.yaml':
            'packages:\n  - services/*\n  - "!services/payments-*"\n',
        },
        /services\/payments-api is excluded by '!services\/payments-\*' in pnpm-workspace\.yaml/,
      ],
      [
        'no package manager workspace at all',
        { 'package.json': undefined },
        /No package\.json or pnpm-workspace\.yaml: turbo needs a package manager workspace/,
      ],
    ])(
      'refuses %s and writes no file',
      async (_what, files: Record<string, string | undefined>, message) => {
        const content: Record<string, string> = {
          'package.json': ROOT_PACKAGE,
        };
        for (const [name, text] of Object.entries(files)) {
          if (text === undefined) delete content[name];
          else content[name] = text;
        }
        workspace.setContent(content);
        await expect(
          run({ path: 'services/payments-api' }).done,
        ).rejects.toThrow(message);
        for (const [name, text] of Object.entries(content)) {
          expect(await read(name)).toBe(text);
        }
        expect(await exists('turbo.json')).toBe('turbo.json' in content);
      },
    );

    it('refuses paths outside the workspace or the repository root', async () => {
      workspace.setContent({ 'package.json': ROOT_PACKAGE });
      await expect(run({ path: '../elsewhere' }).done).rejects.toThrow(
        /outside/i,
      );
      await expect(
        run({ path: 'services/x', turboJsonPath: '../turbo.json' }).done,
      ).rejects.toThrow(/outside/i);
      await expect(run({ path: '.' }).done).rejects.toThrow(
        /must be a folder below the repository root/,
      );
      await expect(
        run({ path: 'other/x', turboJsonPath: 'repo/turbo.json' }).done,
      ).rejects.toThrow(/below the repository root 'repo'/);
      await expect(run({ path: 'services/*' }).done).rejects.toThrow(
        /must be a folder, not a glob/,
      );
      expect(await exists('turbo.json')).toBe(false);
    });

    it('takes the package name from the service package.json and refuses a different one', async () => {
      workspace.setContent({
        'package.json': ROOT_PACKAGE,
        'services/payments-api/package.json': '{ "name": "@acme/payments" }',
      });
      await expect(
        run({ path: 'services/payments-api', packageName: 'payments-api' })
          .done,
      ).rejects.toThrow(
        /packageName 'payments-api' differs from the name '@acme\/payments' in services\/payments-api\/package\.json/,
      );
      const { ctx, done } = run({ path: 'services/payments-api' });
      await done;
      expect(ctx.output).toHaveBeenCalledWith('addedTasks', [
        '@acme/payments#build',
        '@acme/payments#docker',
      ]);
    });

    it.each([
      [{ packageName: 'Payments API' }, /Invalid packageName 'Payments API'/],
      [
        { tasks: { 'payments-api#build': {} } },
        /Invalid task name 'payments-api#build'/,
      ],
    ])('refuses %j', async (extra, message) => {
      workspace.setContent({ 'package.json': ROOT_PACKAGE });
      await expect(
        run({ path: 'services/payments-api', ...extra }).done,
      ).rejects.toThrow(message);
    });
  });
});
