/*
 * turbo.json (Turborepo 2.x: top-level `tasks`). A new file gets the usual
 * generic tasks every package shares; the service gets package-scoped
 * entries (`<package>#build`, `<package>#docker`), which turbo uses instead
 * of the generic task for that one package. Entries already in the file are
 * never rewritten, so a team's hand-tuned configuration survives.
 */
import { InputError } from '@backstage/errors';
import {
  appendMembers,
  describeJsonType,
  findNode,
  formatJsonValue,
  parseJsonFile,
} from './jsonEdit';

export const TURBO_SCHEMA_URL = 'https://turbo.build/schema.json';

export type TurboTaskDefinitions = Record<string, Record<string, unknown>>;

/** Generic tasks written when the action creates turbo.json. */
export const GENERIC_TASKS: TurboTaskDefinitions = {
  build: { dependsOn: ['^build'], outputs: ['dist/**'] },
  test: { dependsOn: ['^build'] },
  lint: { dependsOn: ['^lint'] },
};

/**
 * The service's own tasks. `build` leaves deployment and docs files out of
 * its inputs, so editing the chart, the Dockerfile or the README does not
 * rebuild the code; `docker` builds the image after the package's build and
 * is not cached, because its result lives in the image store, not in files
 * turbo could restore.
 */
export const SERVICE_TASKS: TurboTaskDefinitions = {
  build: {
    dependsOn: ['^build'],
    inputs: [
      '$TURBO_DEFAULT$',
      '!chart/**',
      '!Dockerfile',
      '!.dockerignore',
      '!catalog-info.yaml',
      '!*.md',
    ],
    outputs: ['dist/**'],
  },
  docker: { dependsOn: ['build'], cache: false },
};

export type TurboPlan = {
  /** The new text; equal to the original when nothing was missing. */
  text: string;
  /** Task keys added, e.g. `payments-api#build`. */
  added: string[];
  /** Package-scoped keys that were already there and were left alone. */
  kept: string[];
};

export function planTurboJson(
  original: string | undefined,
  shownPath: string,
  packageName: string,
  tasks: TurboTaskDefinitions,
): TurboPlan {
  const scoped = Object.entries(tasks).map(
    ([name, definition]) => [`${packageName}#${name}`, definition] as const,
  );
  if (original === undefined) {
    const content = {
      $schema: TURBO_SCHEMA_URL,
      tasks: { ...GENERIC_TASKS, ...Object.fromEntries(scoped) },
    };
    const style = {
      indent: '  ',
      eol: '\n',
      multiline: true,
      inlineScalarArrays: true,
    } as const;
    return {
      text: `${formatJsonValue(content, style, '')}\n`,
      added: scoped.map(([key]) => key),
      kept: [],
    };
  }

  const file = parseJsonFile(original, shownPath, {
    comments: true,
    inlineScalarArrays: true,
  });
  if (file.root.type !== 'object') {
    throw new InputError(
      `${shownPath} must hold an object, found ${describeJsonType(
        file.root,
      )}; the file was left unchanged`,
    );
  }
  const tasksNode = findNode(file, ['tasks']);
  if (!tasksNode && findNode(file, ['pipeline'])) {
    throw new InputError(
      `${shownPath} uses turbo 1.x "pipeline"; rename it to "tasks" for turbo 2 (npx @turbo/codemod migrate) and run again; the file was left unchanged`,
    );
  }
  if (!tasksNode) {
    return {
      text: appendMembers(file, file.root, [
        ['tasks', Object.fromEntries(scoped)],
      ]),
      added: scoped.map(([key]) => key),
      kept: [],
    };
  }
  if (tasksNode.type !== 'object') {
    throw new InputError(
      `${shownPath}: "tasks" must be an object of task definitions, found ${describeJsonType(
        tasksNode,
      )}; the file was left unchanged`,
    );
  }
  const present = new Set(
    (tasksNode.children ?? []).map(property =>
      String(property.children?.[0]?.value),
    ),
  );
  const missing = scoped.filter(([key]) => !present.has(key));
  const kept = scoped.filter(([key]) => present.has(key)).map(([key]) => key);
  if (missing.length === 0) {
    return { text: original, added: [], kept };
  }
  return {
    text: appendMembers(
      file,
      tasksNode,
      missing.map(([key, definition]) => [key, definition]),
    ),
    added: missing.map(([key]) => key),
    kept,
  };
}
