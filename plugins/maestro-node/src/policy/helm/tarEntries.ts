/*
 * Reads the entries of an (uncompressed) tar archive without a tar library
 * and without touching the disk, so every entry can be judged before anything
 * is written. Understands what `helm package` (Go's archive/tar) and common
 * tar tools write: ustar headers with their name prefix, PAX extended headers
 * (path, linkpath, size) and GNU long names. Every header's checksum is
 * verified; a truncated or corrupt archive is an error, never a partial list.
 */

const BLOCK = 512;

/** The tar entry types, by what they would create on disk. */
export type TarEntryType =
  | 'file'
  | 'directory'
  | 'symlink'
  | 'hardlink'
  | 'character-device'
  | 'block-device'
  | 'fifo'
  | 'other';

export type TarEntry = {
  /** The path as the archive gives it (PAX and GNU long names applied). */
  name: string;
  type: TarEntryType;
  /** The raw type flag, for messages about `other` entries. */
  typeFlag: string;
  /** Target of a symbolic or hard link. */
  linkName?: string;
  data: Buffer;
};

/** A malformed tar stream; `offset` is the byte where reading failed. */
export class TarFormatError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'TarFormatError';
  }
}

const TYPES: Record<string, TarEntryType> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file', // contiguous file: a regular file everywhere but old Masscomp
  '5': 'directory',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'character-device',
  '4': 'block-device',
  '6': 'fifo',
};

function text(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

function octal(header: Buffer, start: number, length: number, offset: number) {
  if (header[start] & 0x80) {
    // GNU base-256: only for values beyond 8 GiB, far past any chart.
    throw new TarFormatError('entry too large (base-256 size)', offset);
  }
  const value = text(header, start, length).trim();
  if (value === '') return 0;
  if (!/^[0-7]+$/.test(value)) {
    throw new TarFormatError(`invalid number '${value}' in header`, offset);
  }
  return parseInt(value, 8);
}

function checksumMatches(header: Buffer, offset: number): boolean {
  const stored = octal(header, 148, 8, offset);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) {
    // The checksum field itself counts as eight spaces.
    sum += i >= 148 && i < 156 ? 0x20 : header[i];
  }
  return sum === stored;
}

/** PAX records: "<length> <key>=<value>\n", length counting the whole record. */
function paxRecords(data: Buffer, offset: number): Map<string, string> {
  const records = new Map<string, string>();
  let position = 0;
  while (position < data.length) {
    const space = data.indexOf(0x20, position);
    const length = parseInt(data.toString('ascii', position, space), 10);
    if (space < 0 || !(length > 0) || position + length > data.length) {
      throw new TarFormatError('corrupt PAX extended header', offset);
    }
    const record = data.toString('utf8', space + 1, position + length - 1);
    const equals = record.indexOf('=');
    if (equals < 0) {
      throw new TarFormatError('corrupt PAX extended header', offset);
    }
    records.set(record.slice(0, equals), record.slice(equals + 1));
    position += length;
  }
  return records;
}

/** All entries of the tar archive in `tar`, in archive order. */
export function readTarEntries(
  tar: Buffer,
  options: { maxEntries: number },
): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let pax = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  for (;;) {
    if (offset === tar.length) {
      // Some writers leave out the two zero blocks that end an archive.
      return entries;
    }
    if (offset + BLOCK > tar.length) {
      throw new TarFormatError('archive ends inside a header', offset);
    }
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every(byte => byte === 0)) {
      return entries;
    }
    if (!checksumMatches(header, offset)) {
      throw new TarFormatError('header checksum mismatch', offset);
    }
    const typeFlag = String.fromCharCode(header[156]);
    const metadata = ['x', 'g', 'L', 'K'].includes(typeFlag);
    const headerSize = octal(header, 124, 12, offset);
    const paxSize = metadata ? undefined : pax.get('size');
    const size = paxSize === undefined ? headerSize : Number(paxSize);
    const dataStart = offset + BLOCK;
    if (!Number.isSafeInteger(size) || dataStart + size > tar.length) {
      throw new TarFormatError('entry data is cut off', offset);
    }
    const data = tar.subarray(dataStart, dataStart + size);
    const next = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (typeFlag === 'x') {
      pax = paxRecords(data, offset);
    } else if (typeFlag === 'g') {
      // Global PAX headers carry archive-wide metadata (comments, times).
    } else if (typeFlag === 'L' || typeFlag === 'K') {
      const value = data.toString('utf8').replace(/\0+$/, '');
      if (typeFlag === 'L') longName = value;
      else longLink = value;
    } else {
      const magic = header.toString('latin1', 257, 263);
      const prefix = magic === 'ustar\0' ? text(header, 345, 155) : '';
      const headerName = prefix
        ? `${prefix}/${text(header, 0, 100)}`
        : text(header, 0, 100);
      const linkName =
        pax.get('linkpath') ?? longLink ?? text(header, 157, 100);
      entries.push({
        name: pax.get('path') ?? longName ?? headerName,
        type: TYPES[typeFlag] ?? 'other',
        typeFlag,
        linkName: linkName || undefined,
        data,
      });
      if (entries.length > options.maxEntries) {
        throw new TarFormatError(
          `more than ${options.maxEntries} entries`,
          offset,
        );
      }
      pax = new Map();
      longName = undefined;
      longLink = undefined;
    }
    offset = next;
  }
}
