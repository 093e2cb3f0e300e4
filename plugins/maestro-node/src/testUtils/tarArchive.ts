import zlib from 'node:zlib';

/** One entry of a hand-made tar archive. @public */
export type TarTestEntry = {
  name: string;
  /** Tar type flag: '0' file (default), '1' hard link, '2' symlink, '3'/'4' devices, '5' directory, '6' FIFO, 'x' PAX. */
  type?: string;
  linkName?: string;
  /** ustar name prefix (bytes 345-500), joined to the name with a slash. */
  prefix?: string;
  content?: string | Buffer;
};

/** One ustar header block as POSIX.1-1988 defines it, checksum included. */
function header(entry: TarTestEntry, size: number): Buffer {
  const block = Buffer.alloc(512);
  const put = (value: string, offset: number, length: number) =>
    block.write(value, offset, length, 'utf8');
  const number = (value: number, offset: number, length: number) =>
    put(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length);
  put(entry.name, 0, 100);
  number(entry.type === '5' ? 0o755 : 0o644, 100, 8);
  number(0, 108, 8);
  number(0, 116, 8);
  number(size, 124, 12);
  number(0, 136, 12);
  block.fill(0x20, 148, 156);
  put(entry.type ?? '0', 156, 1);
  put(entry.linkName ?? '', 157, 100);
  put('ustar\u000000', 257, 8);
  put(entry.prefix ?? '', 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

/**
 * A gzip-compressed tar of `entries`, byte for byte what `tar -czf` writes
 * for them, so a test can hold entries `helm package` would never produce
 * (links, devices, absolute and `..` paths).
  *
  * @public
 */
export function tgz(entries: TarTestEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.content ?? '');
    blocks.push(header(entry, data.length), data);
    blocks.push(Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return zlib.gzipSync(Buffer.concat(blocks));
}
