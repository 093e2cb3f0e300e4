/*
 * Appends members to JSON / JSONC files (turbo.json, package.json) without
 * touching anything else: existing entries, their order, comments, trailing
 * commas, indentation and line endings stay byte-for-byte. jsonc-parser finds
 * the nodes; the insertion itself is computed here because `modify` re-formats
 * the whole enclosing line range and moves a trailing `// comment` from the
 * last entry onto the inserted one.
 */
import { InputError } from '@backstage/errors';
import {
  applyEdits,
  findNodeAtLocation,
  type Edit,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from 'jsonc-parser';

/** How a file is written: what new text imitates. */
export type JsonStyle = {
  /** One indentation step, e.g. two spaces or a tab. */
  indent: string;
  eol: '\n' | '\r\n';
  /** False for a file written on one line. */
  multiline: boolean;
  /** `["^build"]` on one line (turbo.json's usual look) or one item a line (npm's). */
  inlineScalarArrays: boolean;
};

export type JsonFile = { text: string; root: Node; style: JsonStyle };

export function detectJsonStyle(
  text: string,
  inlineScalarArrays: boolean,
): JsonStyle {
  // The first indented key is one step deep (comment lines do not count).
  const indented = /^(\t|[ ]+)["}\]]/m.exec(text);
  const trimmed = text.trim();
  return {
    indent: indented ? indented[1] : '  ',
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    // `{}` alone grows into a normal multi-line file.
    multiline: trimmed.includes('\n') || trimmed.length <= 2,
    inlineScalarArrays,
  };
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${
    before[before.length - 1].length + 1
  }`;
}

/** Parses `text`; a syntax error becomes an InputError naming the file and position. */
export function parseJsonFile(
  text: string,
  shownPath: string,
  options: { comments: boolean; inlineScalarArrays: boolean },
): JsonFile {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    allowTrailingComma: options.comments,
    disallowComments: !options.comments,
  });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    const where = first
      ? `${printParseErrorCode(first.error)} at ${lineAndColumn(
          text,
          first.offset,
        )}`
      : 'the file is empty';
    throw new InputError(
      `${shownPath} is not valid JSON${
        options.comments ? ' (comments allowed)' : ''
      }: ${where}; the file was left unchanged`,
    );
  }
  return {
    text,
    root,
    style: detectJsonStyle(text, options.inlineScalarArrays),
  };
}

export function describeJsonType(node: Node | undefined): string {
  if (!node) return 'nothing';
  if (node.type === 'null') return 'null';
  return node.type === 'array' ? 'a list' : `a ${node.type}`;
}

export function findNode(file: JsonFile, path: string[]): Node | undefined {
  return findNodeAtLocation(file.root, path);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/** Serialises `value` as it would look at indentation `at` in a file of `style`. */
export function formatJsonValue(
  value: unknown,
  style: JsonStyle,
  at: string,
): string {
  if (isScalar(value)) {
    return JSON.stringify(value);
  }
  const inner = `${at}${style.indent}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (
      !style.multiline ||
      (style.inlineScalarArrays && value.every(isScalar))
    ) {
      return `[${value.map(v => formatJsonValue(v, style, at)).join(', ')}]`;
    }
    const items = value.map(v => inner + formatJsonValue(v, style, inner));
    return `[${style.eol}${items.join(`,${style.eol}`)}${style.eol}${at}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  if (!style.multiline) {
    const members = entries.map(
      ([k, v]) => `${JSON.stringify(k)}: ${formatJsonValue(v, style, at)}`,
    );
    return `{ ${members.join(', ')} }`;
  }
  const members = entries.map(
    ([k, v]) =>
      `${inner}${JSON.stringify(k)}: ${formatJsonValue(v, style, inner)}`,
  );
  return `{${style.eol}${members.join(`,${style.eol}`)}${style.eol}${at}}`;
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

type Gap = { comma?: number; lineBreak?: number };

/**
 * Reads the gap between the last entry and the closing bracket: only
 * whitespace, comments and at most one (trailing) comma can be there.
 */
function readGap(text: string, from: number, to: number): Gap {
  const gap: Gap = {};
  let i = from;
  while (i < to) {
    const rest = text.slice(i, i + 2);
    if (text[i] === ',') {
      gap.comma = i;
      i += 1;
    } else if (rest === '//') {
      const end = text.indexOf('\n', i);
      i = end === -1 || end > to ? to : end;
    } else if (rest === '/*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? to : end + 2;
    } else {
      if (text[i] === '\n' && gap.lineBreak === undefined) {
        // Insert before '\r\n' so the line keeps its own ending.
        gap.lineBreak = text[i - 1] === '\r' ? i - 1 : i;
      }
      i += 1;
    }
  }
  return gap;
}

/**
 * Edits that append `entries` (already serialised members or items, without
 * separators) at the end of the object or array `container`.
 */
function appendEdits(
  text: string,
  container: Node,
  render: (indent: string) => string[],
  style: JsonStyle,
): Edit[] {
  const children = container.children ?? [];
  const close = container.offset + container.length - 1;
  const outer = lineIndent(text, container.offset);
  if (children.length === 0) {
    const open = container.offset + 1;
    const inside = text.slice(open, close);
    const blockLayout =
      style.multiline && (container.type === 'object' || inside.includes('\n'));
    if (!blockLayout) {
      const entries = render(outer).join(', ');
      return [
        {
          offset: open,
          length: inside.trim() ? 0 : inside.length,
          content: inside.trim() ? ` ${entries}` : entries,
        },
      ];
    }
    // Keep anything inside (a comment) and put the entries after it.
    const keepTo = open + inside.trimEnd().length;
    const at = `${outer}${style.indent}`;
    const entries = render(at).join(`,${style.eol}${at}`);
    return [
      {
        offset: keepTo,
        length: close - keepTo,
        content: `${style.eol}${at}${entries}${style.eol}${outer}`,
      },
    ];
  }
  const last = children[children.length - 1];
  const lastEnd = last.offset + last.length;
  const gap = readGap(text, lastEnd, close);
  const trailingComma = gap.comma !== undefined;
  const edits: Edit[] = [];
  if (gap.lineBreak === undefined) {
    const entries = render(lineIndent(text, last.offset)).join(', ');
    edits.push(
      trailingComma
        ? { offset: gap.comma! + 1, length: 0, content: ` ${entries},` }
        : { offset: lastEnd, length: 0, content: `, ${entries}` },
    );
    return edits;
  }
  const at = lineIndent(text, last.offset);
  if (!trailingComma) {
    edits.push({ offset: lastEnd, length: 0, content: ',' });
  }
  const entries = render(at).join(`,${style.eol}${at}`);
  edits.push({
    offset: gap.lineBreak,
    length: 0,
    content: `${style.eol}${at}${entries}${trailingComma ? ',' : ''}`,
  });
  return edits;
}

/** Adds `members` at the end of the object `container`; returns the new text. */
export function appendMembers(
  file: JsonFile,
  container: Node,
  members: Array<[string, unknown]>,
): string {
  return checked(
    file,
    appendEdits(
      file.text,
      container,
      at =>
        members.map(
          ([key, value]) =>
            `${JSON.stringify(key)}: ${formatJsonValue(value, file.style, at)}`,
        ),
      file.style,
    ),
  );
}

/** Adds `items` at the end of the array `container` and returns the new text. */
export function appendItems(
  file: JsonFile,
  container: Node,
  items: unknown[],
): string {
  return checked(
    file,
    appendEdits(
      file.text,
      container,
      at => items.map(item => formatJsonValue(item, file.style, at)),
      file.style,
    ),
  );
}

/** Applies the edits and makes sure the result still parses. */
function checked(file: JsonFile, edits: Edit[]): string {
  const text = applyEdits(file.text, edits);
  const errors: ParseError[] = [];
  parseTree(text, errors, {
    allowTrailingComma: true,
    disallowComments: false,
  });
  if (errors.length > 0) {
    // A bug here, not bad input: refuse to write a broken file.
    throw new Error(
      `Internal error: editing produced invalid JSON (${printParseErrorCode(
        errors[0].error,
      )} at ${lineAndColumn(text, errors[0].offset)})`,
    );
  }
  return text;
}
