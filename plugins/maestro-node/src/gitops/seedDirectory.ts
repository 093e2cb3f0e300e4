import fs from 'node:fs';
import path from 'node:path';

export type SeedFile = {
  /** From the seed directory's root, `/`-separated. */
  path: string;
  absolutePath: string;
  mode: '100644' | '100755';
};

/**
 * The regular files under `root` (sorted, `.git` left out), for the first
 * commit of the GitOps repository. Symbolic links are refused: the seed is
 * copied into Git as plain files, and a link could point anywhere.
 */
export async function readSeedDirectory(root: string): Promise<SeedFile[]> {
  const base = path.resolve(root);
  const stat = await fs.promises.stat(base).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new Error(`GitOps seed directory ${base} does not exist`);
  }
  const files: SeedFile[] = [];
  const walk = async (dir: string, prefix: string) => {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const absolutePath = path.join(dir, entry.name);
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(absolutePath, relative);
      } else if (entry.isFile()) {
        if (/[\n\r\t]/.test(relative)) {
          throw new Error(
            `Seed file name ${JSON.stringify(relative)} has control characters`,
          );
        }
        const { mode } = await fs.promises.stat(absolutePath);
        files.push({
          path: relative,
          absolutePath,
          mode: mode & 0o111 ? '100755' : '100644',
        });
      } else {
        throw new Error(
          `Seed entry ${relative} is not a regular file or directory (symbolic links are not copied)`,
        );
      }
    }
  };
  await walk(base, '');
  if (files.length === 0) {
    throw new Error(`GitOps seed directory ${base} holds no files`);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
