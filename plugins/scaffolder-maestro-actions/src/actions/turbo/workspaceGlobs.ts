/*
 * Makes a package manager see the service: its folder must match one of the
 * workspace globs, in pnpm-workspace.yaml (`packages:`) when that file exists
 * (pnpm ignores package.json's `workspaces`), otherwise in the root
 * package.json (`workspaces: [...]` or `workspaces: { packages: [...] }`).
 * A glob that already covers the folder (`services/*`) is left as it is.
 */
import { InputError } from '@backstage/errors';
import yaml from 'yaml';
import {
  appendItems,
  appendMembers,
  describeJsonType,
  findNode,
  parseJsonFile,
} from './jsonEdit';

/** What the workspace file becomes; `text` is undefined when it stays as is. */
export type WorkspacePlan = {
  /** The glob that now covers the service (an existing one, or the added path). */
  glob: string;
  text?: string;
};

function segmentSource(segment: string): string {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '{') {
      const end = segment.indexOf('}', i);
      if (end === -1) {
        source += '\\{';
      } else {
        const options = segment.slice(i + 1, end).split(',');
        source += `(?:${options.map(segmentSource).join('|')})`;
        i = end;
      }
    } else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end === -1) {
        source += '\\[';
      } else {
        source += `[${segment.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else {
      source += c.replace(/[.+^$()|\\]/g, '\\$&');
    }
  }
  return source;
}

/**
 * True when the workspace glob (as npm, yarn and pnpm write them: `*`, `**`,
 * `?`, `{a,b}`, `[abc]`) matches the folder `servicePath`.
 */
export function globMatches(glob: string, servicePath: string): boolean {
  const segments = glob
    .replace(/^\.\//, '')
    .split('/')
    .filter(s => s !== '' && s !== '.');
  const source = segments
    .map(s => (s === '**' ? '(?:[^/]+/)*' : `${segmentSource(s)}/`))
    .join('');
  return new RegExp(`^${source}$`).test(`${servicePath}/`);
}

/**
 * The glob covering `servicePath`, or undefined. Throws when a negated glob
 * (`!services/legacy-*`) excludes it: adding the path would not help.
 */
function coveringGlob(
  globs: string[],
  servicePath: string,
  shownFile: string,
): string | undefined {
  const exclusion = globs.find(
    g => g.startsWith('!') && globMatches(g.slice(1), servicePath),
  );
  if (exclusion) {
    throw new InputError(
      `${servicePath} is excluded by '${exclusion}' in ${shownFile}; remove that glob or choose another path`,
    );
  }
  return globs.find(g => !g.startsWith('!') && globMatches(g, servicePath));
}

export function planPackageJson(
  text: string,
  shownFile: string,
  servicePath: string,
): WorkspacePlan {
  const file = parseJsonFile(text, shownFile, {
    comments: false,
    inlineScalarArrays: false,
  });
  if (file.root.type !== 'object') {
    throw new InputError(
      `${shownFile} must hold an object, found ${describeJsonType(file.root)}`,
    );
  }
  const workspaces = findNode(file, ['workspaces']);
  if (!workspaces) {
    return {
      glob: servicePath,
      text: appendMembers(file, file.root, [['workspaces', [servicePath]]]),
    };
  }
  let list = workspaces;
  if (workspaces.type === 'object') {
    const packages = findNode(file, ['workspaces', 'packages']);
    if (!packages) {
      return {
        glob: servicePath,
        text: appendMembers(file, workspaces, [['packages', [servicePath]]]),
      };
    }
    list = packages;
  }
  const where = list === workspaces ? '"workspaces"' : '"workspaces.packages"';
  if (list.type !== 'array') {
    throw new InputError(
      `${shownFile}: ${where} must be a list of globs or { "packages": [...] }, found ${describeJsonType(
        list,
      )}; the file was left unchanged`,
    );
  }
  const globs: string[] = [];
  for (const item of list.children ?? []) {
    if (item.type !== 'string') {
      throw new InputError(
        `${shownFile}: ${where} must list strings, found ${describeJsonType(
          item,
        )}; the file was left unchanged`,
      );
    }
    globs.push(item.value);
  }
  const covering = coveringGlob(globs, servicePath, shownFile);
  if (covering !== undefined) {
    return { glob: covering };
  }
  return { glob: servicePath, text: appendItems(file, list, [servicePath]) };
}

export function planPnpmWorkspace(
  text: string,
  shownFile: string,
  servicePath: string,
): WorkspacePlan {
  const document = yaml.parseDocument(text);
  if (document.errors.length > 0) {
    throw new InputError(
      `${shownFile} is not valid YAML: ${document.errors[0].message}; the file was left unchanged`,
    );
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // Keep `- item` flush with `packages:` when the file writes it that way.
  const indentSeq = !/^packages:[ \t]*(#.*)?\r?\n-/m.test(text);
  // Keep `[a, b]` unpadded unless the file pads flow collections.
  const flowCollectionPadding = /[[{] [^\]}\s]/.test(text);
  const render = () =>
    document
      .toString({ indentSeq, flowCollectionPadding, lineWidth: 0 })
      .replace(/\r?\n/g, eol);

  if (document.contents !== null && !yaml.isMap(document.contents)) {
    throw new InputError(
      `${shownFile} must be a mapping with a "packages" list; the file was left unchanged`,
    );
  }
  const packages = document.contents?.get('packages', true);
  if (
    packages === undefined ||
    (yaml.isScalar(packages) && packages.value === null)
  ) {
    document.set('packages', document.createNode([servicePath]));
    return { glob: servicePath, text: render() };
  }
  if (!yaml.isSeq(packages)) {
    throw new InputError(
      `${shownFile}: "packages" must be a list of globs; the file was left unchanged`,
    );
  }
  const globs: string[] = [];
  for (const item of packages.items) {
    if (!yaml.isScalar(item) || typeof item.value !== 'string') {
      throw new InputError(
        `${shownFile}: "packages" must list strings; the file was left unchanged`,
      );
    }
    globs.push(item.value);
  }
  const covering = coveringGlob(globs, servicePath, shownFile);
  if (covering !== undefined) {
    return { glob: covering };
  }
  const added = document.createNode(servicePath);
  const last = packages.items[packages.items.length - 1];
  if (yaml.isScalar(last)) {
    // Quote the new entry the way the last one is quoted.
    added.type = last.type;
  }
  packages.items.push(added);
  return { glob: servicePath, text: render() };
}
