/*
 * Edits the image of a Helm values overlay for a promotion: sets
 * `<path>.repository` and `<path>.digest` (default path `image`) and removes
 * `<path>.tag`, so the overlay never names a tag that no longer describes
 * what runs. Chart templates render `repository@digest` whenever a digest is
 * set, so a `tag` left in the chart's own values.yaml is ignored.
 *
 * The overlay is read with the yaml Document API and changed by splicing the
 * source at the ranges the Document reports: every byte outside the changed
 * scalars (comments, blank lines, quoting, key order, indentation) stays as
 * it was. Where a splice cannot be placed safely (flow mappings such as
 * `image: { repository: x }`, keys that do not start a line) the Document is
 * changed and re-serialized instead, which keeps comments and order but may
 * normalize spacing. Either result is parsed again and checked to hold
 * exactly the intended values before it is returned.
 */
import { InputError } from '@backstage/errors';
import {
  explainInvalidImageRepository,
  isImageDigest,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  isMap,
  isScalar,
  parseAllDocuments,
  Scalar,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { canonicalJson } from './canonicalJson';

/** @public */
export type ImageDigestChange = {
  /** Image repository without tag or digest, e.g. `ghcr.io/acme/payments-api`. */
  repository: string;
  /** `sha256:` followed by 64 lower-case hex digits. */
  digest: string;
  /** Key path of the image mapping in the values; default `['image']`. */
  path?: readonly string[];
};

/** @public */
export type ImageValues = {
  repository?: string;
  digest?: string;
  tag?: string;
};

type Edit = { start: number; end: number; text: string };
type ParsedOverlay = { doc: Document.Parsed; root: YAMLMap | null };

function checkChange(change: ImageDigestChange): string[] {
  const repositoryProblem = explainInvalidImageRepository(
    String(change.repository ?? ''),
  );
  if (repositoryProblem) {
    throw new InputError(`Cannot promote: ${repositoryProblem}`);
  }
  const digest = String(change.digest ?? '');
  if (!isImageDigest(digest)) {
    throw new InputError(
      /^[\w][\w.-]{0,127}$/.test(digest)
        ? `Cannot promote '${digest}': it is a tag, and Maestro promotes image digests (sha256:<64 hex digits>), never tags`
        : `Cannot promote '${digest}': an image digest is sha256: followed by 64 lower-case hex digits`,
    );
  }
  const keyPath = [...(change.path ?? ['image'])];
  if (keyPath.length === 0 || keyPath.some(k => typeof k !== 'string' || !k)) {
    throw new InputError('The image path must be a list of non-empty keys');
  }
  return keyPath;
}

function parseOverlay(text: string): ParsedOverlay {
  const docs = parseAllDocuments(text);
  if (docs.length > 1) {
    throw new InputError(
      `The values overlay holds ${docs.length} YAML documents; Helm reads one mapping`,
    );
  }
  const doc = docs[0];
  if (!doc) {
    return {
      doc: parseAllDocuments('{}')[0] as Document.Parsed,
      root: null,
    };
  }
  const problem = doc.errors[0];
  if (problem) {
    throw new InputError(
      `The values overlay is not valid YAML: ${problem.message}`,
    );
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { doc, root: null };
  }
  if (!isMap(contents)) {
    throw new InputError(
      `The values overlay is ${describe(
        contents,
      )}, not a YAML mapping of keys to values as Helm expects`,
    );
  }
  return { doc, root: contents };
}

function describe(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isScalar(node))
    return node.value === null ? 'null' : `a ${typeof node.value} scalar`;
  return 'a sequence';
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

function findPair(map: YAMLMap, key: string): Pair<Node, Node> | undefined {
  return (map.items as Pair<Node, Node>[]).find(p => keyOf(p) === key);
}

/** The deepest existing mapping along the path and the keys still missing. */
function walk(root: YAMLMap | null, keyPath: string[]) {
  let map = root;
  for (let i = 0; i < keyPath.length; i++) {
    const pair = map && findPair(map, keyPath[i]);
    if (!map || !pair) {
      return { map, missing: keyPath.slice(i) };
    }
    if (!isMap(pair.value)) {
      throw new InputError(
        `${keyPath
          .slice(0, i + 1)
          .join('.')} in the values overlay is ${describe(
          pair.value,
        )}, not a mapping with repository and digest`,
      );
    }
    map = pair.value;
  }
  return { map, missing: [] as string[] };
}

/** Reads `<path>.repository`, `.digest` and `.tag` from an overlay. @public */
export function readImageValues(
  overlayText: string,
  options: { path?: readonly string[] } = {},
): ImageValues {
  const { root } = parseOverlay(overlayText);
  const { map, missing } = walk(root, [...(options.path ?? ['image'])]);
  if (!map || missing.length > 0) return {};
  const read = (key: string) => {
    const value = findPair(map, key)?.value;
    return isScalar(value) && value.value !== null
      ? String(value.value)
      : undefined;
  };
  return {
    repository: read('repository'),
    digest: read('digest'),
    tag: read('tag'),
  };
}

function plainOrQuoted(value: string, type?: Scalar.Type): string {
  if (type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (type !== Scalar.QUOTE_DOUBLE && /^[A-Za-z0-9][\w./:@-]*$/.test(value))
    return value;
  return JSON.stringify(value);
}

function lineStart(text: string, offset: number) {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Where a line inserted after the node ending at `end` goes. */
function afterLine(text: string, end: number) {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}

class NoSplice extends Error {}

function startsLine(text: string, node: Node) {
  const start = node.range![0];
  return /^ *$/.test(text.slice(lineStart(text, start), start));
}

function blockIndent(text: string, map: YAMLMap): number {
  if (map.flow) throw new NoSplice();
  const first = map.items[0]?.key as Node | undefined;
  if (!first?.range) throw new NoSplice();
  return first.range[0] - lineStart(text, first.range[0]);
}

function spliceEdits(
  text: string,
  parsed: ParsedOverlay,
  keyPath: string[],
  values: { repository: string; digest: string },
): Edit[] {
  const { map, missing } = walk(parsed.root, keyPath);
  const line = (indent: number, key: string, value?: string) =>
    `${' '.repeat(indent)}${plainOrQuoted(key)}:${
      value === undefined ? '' : ` ${value}`
    }\n`;

  if (missing.length > 0) {
    // Create the missing mappings at the end of the deepest existing one.
    let at = text.length;
    let indent = 0;
    let prefix = text !== '' && !text.endsWith('\n') ? '\n' : '';
    if (map) {
      indent = blockIndent(text, map);
      at = afterLine(text, map.range![1]);
      prefix = at === text.length && !text.endsWith('\n') ? '\n' : '';
    }
    let block = prefix;
    missing.forEach((key, i) => (block += line(indent + 2 * i, key)));
    const inner = indent + 2 * missing.length;
    block += line(inner, 'repository', plainOrQuoted(values.repository));
    block += line(inner, 'digest', plainOrQuoted(values.digest));
    return [{ start: at, end: at, text: block }];
  }

  const image = map!;
  const indent = blockIndent(text, image);
  const edits: Edit[] = [];
  const added: string[] = [];
  let anchor: Pair<Node, Node> | undefined;
  for (const key of ['repository', 'digest'] as const) {
    const pair = findPair(image, key);
    if (!pair) {
      added.push(line(indent, key, plainOrQuoted(values[key])));
      continue;
    }
    anchor = pair;
    const value = pair.value;
    if (!isScalar(value) || !value.range || !startsLine(text, pair.key))
      throw new NoSplice();
    if (
      value.type === Scalar.BLOCK_FOLDED ||
      value.type === Scalar.BLOCK_LITERAL
    )
      throw new NoSplice();
    const [start, end] = value.range;
    let rendered = plainOrQuoted(values[key], value.type);
    if (start === end) {
      rendered = `${text[start - 1] === ':' ? ' ' : ''}${rendered}${
        text[start] === '#' ? ' ' : ''
      }`;
    }
    edits.push({ start, end, text: rendered });
  }
  if (added.length > 0) {
    const after =
      anchor ?? (image.items[image.items.length - 1] as Pair<Node, Node>);
    const end = (after.value ?? after.key).range![1];
    const at = afterLine(text, end);
    const prefix = at === text.length && !text.endsWith('\n') ? '\n' : '';
    edits.push({ start: at, end: at, text: prefix + added.join('') });
  }
  const tag = findPair(image, 'tag');
  if (tag) {
    if (!startsLine(text, tag.key)) throw new NoSplice();
    const start = lineStart(text, tag.key.range![0]);
    const end = afterLine(text, (tag.value ?? tag.key).range![1]);
    edits.push({ start, end, text: '' });
  }
  return edits;
}

function applyEdits(text: string, edits: Edit[]): string {
  // Last first, so earlier offsets stay valid; a removal before an
  // insertion at the same offset.
  const ordered = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  return ordered.reduce(
    (out, e) => out.slice(0, e.start) + e.text + out.slice(e.end),
    text,
  );
}

function rewriteDocument(
  parsed: ParsedOverlay,
  keyPath: string[],
  values: { repository: string; digest: string },
): string {
  const doc = parsed.doc.clone();
  if (parsed.root === null) {
    doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  }
  doc.setIn([...keyPath, 'repository'], values.repository);
  doc.setIn([...keyPath, 'digest'], values.digest);
  doc.deleteIn([...keyPath, 'tag']);
  return doc.toString({ lineWidth: 0 });
}

function holdsExactly(
  result: string,
  original: ParsedOverlay,
  keyPath: string[],
  values: { repository: string; digest: string },
): boolean {
  const expected = rewriteDocument(original, keyPath, values);
  try {
    const after = parseOverlay(result);
    const wanted = parseOverlay(expected);
    return (
      canonicalJson(after.doc.toJSON()) === canonicalJson(wanted.doc.toJSON())
    );
  } catch {
    return false;
  }
}

/**
 * Returns the overlay with the image set to `repository` and `digest` and
 * any `tag` removed. Throws InputError for a tag or malformed digest, an
 * invalid repository, an overlay that is not YAML or not a mapping, or an
 * image key holding something other than a mapping.
 *
 * @public
 */
export function setImageDigest(
  overlayText: string,
  change: ImageDigestChange,
): string {
  const keyPath = checkChange(change);
  const values = { repository: change.repository, digest: change.digest };
  const parsed = parseOverlay(overlayText);
  let result: string | undefined;
  try {
    result = applyEdits(
      overlayText,
      spliceEdits(overlayText, parsed, keyPath, values),
    );
  } catch (error) {
    if (!(error instanceof NoSplice)) throw error;
  }
  if (result === undefined || !holdsExactly(result, parsed, keyPath, values)) {
    result = rewriteDocument(parsed, keyPath, values);
  }
  return result;
}
