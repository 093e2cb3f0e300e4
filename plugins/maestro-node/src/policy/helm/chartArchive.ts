/*
 * Unpacks a packaged chart (`helm package` output) that someone else sent,
 * for rendering on this host. A chart is templates and data, so the archive
 * may hold only regular files and directories under one top-level folder.
 * Anything that could make Helm read or write outside that folder is refused
 * before a single byte is written: symbolic links (`.Files.Get` or a template
 * would read what they point at, e.g. /etc/hostname, into the rendered
 * output), hard links, device files and FIFOs, absolute paths and `..`.
 * Sizes are bounded so a small gzip cannot unpack into gigabytes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { readTarEntries, TarEntry, TarFormatError } from './tarEntries';

const gunzip = promisify(zlib.gunzip);

/** @public */
export const CHART_ARCHIVE_LIMITS = {
  /** Bytes the archive may unpack to. */
  maxUnpackedBytes: 50 * 1024 * 1024,
  /** Files and directories it may hold. */
  maxEntries: 10_000,
};

/**
 * Why a packaged chart was refused. `entry` names the archive entry at
 * fault, when one is.
 *
 * @public
 */
export class ChartArchiveError extends Error {
  constructor(message: string, readonly entry?: string) {
    super(message);
    this.name = 'ChartArchiveError';
  }
}

/** @public */
export type ExtractedChart = {
  /** The archive's top-level folder, which `helm package` names after the chart. */
  chartName: string;
  /** Absolute path of the unpacked chart (holding Chart.yaml). */
  chartDir: string;
};

const REFUSED: Record<
  Exclude<TarEntry['type'], 'file' | 'directory'>,
  string
> = {
  symlink: 'a symbolic link',
  hardlink: 'a hard link',
  'character-device': 'a character device',
  'block-device': 'a block device',
  fifo: 'a FIFO',
  other: 'an entry of an unsupported type',
};

/**
 * The entry's path as folder names, or an error when it is absolute or
 * climbs out with `..`. Backslashes are refused too: Helm charts never use
 * them, and on Windows they would separate folders.
 */
function entrySegments(name: string): string[] {
  if (
    name === '' ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.includes('\\')
  ) {
    throw new ChartArchiveError(
      `entry '${name}' has an absolute or non-portable path; a packaged chart holds only paths inside its folder`,
      name,
    );
  }
  const segments = name.split('/').filter(s => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw new ChartArchiveError(
      `entry '${name}' leads outside the chart ('..'); a packaged chart holds only paths inside its folder`,
      name,
    );
  }
  return segments;
}

type PlannedEntry = { segments: string[]; entry: TarEntry };

/** Judges every entry; returns what to write, or throws naming the first bad entry. */
function planExtraction(entries: TarEntry[]): {
  chartName: string;
  planned: PlannedEntry[];
} {
  const planned: PlannedEntry[] = [];
  const topLevel = new Set<string>();
  for (const entry of entries) {
    if (entry.type !== 'file' && entry.type !== 'directory') {
      const kind = REFUSED[entry.type];
      const target = entry.linkName ? ` (to ${entry.linkName})` : '';
      const flag = entry.type === 'other' ? ` '${entry.typeFlag}'` : '';
      throw new ChartArchiveError(
        `entry '${entry.name}' is ${kind}${flag}${target}; a packaged chart may hold only regular files and directories`,
        entry.name,
      );
    }
    const segments = entrySegments(entry.name);
    if (segments.length === 0) continue; // "./" itself
    topLevel.add(segments[0]);
    planned.push({ segments, entry });
  }
  if (topLevel.size !== 1) {
    throw new ChartArchiveError(
      topLevel.size === 0
        ? 'the archive is empty'
        : `the archive holds ${topLevel.size} top-level entries (${[...topLevel]
            .slice(0, 5)
            .join(', ')}); helm package output holds one chart folder`,
    );
  }
  const [chartName] = topLevel;
  const files = new Set(
    planned.filter(p => p.entry.type === 'file').map(p => p.segments.join('/')),
  );
  for (const { segments, entry } of planned) {
    const depthLimit =
      entry.type === 'directory' ? segments.length + 1 : segments.length;
    for (let depth = 1; depth < depthLimit; depth++) {
      if (files.has(segments.slice(0, depth).join('/'))) {
        throw new ChartArchiveError(
          `entry '${entry.name}' needs a folder '${segments
            .slice(0, depth)
            .join('/')}', which the archive also holds as a file`,
          entry.name,
        );
      }
    }
  }
  if (!files.has(`${chartName}/Chart.yaml`)) {
    throw new ChartArchiveError(
      `the archive has no ${chartName}/Chart.yaml: the packaged chart has no Chart.yaml at its top level`,
    );
  }
  return { chartName, planned };
}

/**
 * Unpacks the gzip-compressed tar `archive` into the existing, empty folder
 * `targetDir`, after checking every entry. Files are written with mode 0644
 * and folders 0755, whatever the archive says; owners are never taken from it.
 * Throws `ChartArchiveError`, naming the entry at fault, and then writes
 * nothing.
 *
 * @public
 */
export async function extractChartArchive(
  archive: Buffer,
  targetDir: string,
): Promise<ExtractedChart> {
  const { maxUnpackedBytes, maxEntries } = CHART_ARCHIVE_LIMITS;
  let tar: Buffer;
  try {
    tar = await gunzip(archive, { maxOutputLength: maxUnpackedBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ChartArchiveError(
      code === 'ERR_BUFFER_TOO_LARGE'
        ? `the archive unpacks to more than ${
            maxUnpackedBytes / 1024 / 1024
          } MB`
        : `not a gzip archive (${(error as Error).message})`,
    );
  }
  let entries: TarEntry[];
  try {
    entries = readTarEntries(tar, { maxEntries });
  } catch (error) {
    if (error instanceof TarFormatError) {
      throw new ChartArchiveError(
        `not a valid tar archive: ${error.message} at byte ${error.offset}`,
      );
    }
    throw error;
  }
  const { chartName, planned } = planExtraction(entries);

  const root = path.resolve(targetDir);
  for (const { segments, entry } of planned) {
    const target = path.join(root, ...segments);
    // Cannot happen after entrySegments; kept so a future change cannot either.
    if (!target.startsWith(`${root}${path.sep}`)) {
      throw new ChartArchiveError(
        `entry '${entry.name}' leads outside the chart`,
        entry.name,
      );
    }
    if (entry.type === 'directory') {
      await fs.mkdir(target, { recursive: true, mode: 0o755 });
    } else {
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
      // Only folders and regular files exist below root, so nothing is followed.
      await fs.writeFile(target, entry.data, { mode: 0o644 });
    }
  }
  return { chartName, chartDir: path.join(root, chartName) };
}
