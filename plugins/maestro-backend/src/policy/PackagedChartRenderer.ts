import { InputError } from '@backstage/errors';
import {
  helmInputs,
  locateHelm,
  PolicyInput,
  renderHelmChart,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const MAX_ARCHIVE_BYTES = 5 * 1024 * 1024;

/**
 * Turns a packaged chart (`helm package` output, base64 in a request) into
 * policy inputs: unpacked in a private temporary folder, rendered with the
 * real helm binary once per values overlay it ships (values.yaml and every
 * values-*.yaml), and removed again.
 */
export class PackagedChartRenderer {
  private helmPath?: Promise<string>;

  constructor(private readonly options: { helmPath?: string }) {}

  async render(archiveBase64: string): Promise<PolicyInput[]> {
    const archive = Buffer.from(archiveBase64, 'base64');
    if (archive.length === 0 || archive.length > MAX_ARCHIVE_BYTES) {
      throw new InputError(
        `A packaged chart must be a non-empty .tgz of at most ${
          MAX_ARCHIVE_BYTES / 1024 / 1024
        } MB`,
      );
    }
    if (archive[0] !== 0x1f || archive[1] !== 0x8b) {
      throw new InputError(
        'The packaged chart is not a gzip archive (helm package output)',
      );
    }
    const helmPath = await this.locate();
    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'maestro-chart-'));
    try {
      const archivePath = path.join(workDir, 'chart.tgz');
      const extractDir = path.join(workDir, 'chart');
      await fs.mkdir(extractDir);
      await fs.writeFile(archivePath, archive);
      try {
        // --no-same-owner/--no-same-permissions: never trust the archive's metadata;
        // tar refuses absolute paths and `..` members by default.
        await execFileAsync('tar', [
          '-xzf',
          archivePath,
          '-C',
          extractDir,
          '--no-same-owner',
          '--no-same-permissions',
        ]);
      } catch (error) {
        throw new InputError(
          `The packaged chart could not be unpacked: ${
            (error as Error).message
          }`,
        );
      }
      const [chartName] = await fs.readdir(extractDir);
      const chartDir = chartName
        ? path.join(extractDir, chartName)
        : extractDir;
      try {
        await fs.access(path.join(chartDir, 'Chart.yaml'));
      } catch {
        throw new InputError(
          'The packaged chart has no Chart.yaml at its top level',
        );
      }
      try {
        const rendered = await renderHelmChart({ helmPath, chartDir });
        const name = chartName ?? 'chart';
        return helmInputs(chartDir, rendered).map(input =>
          input.kind === 'kubernetes' && input.helm
            ? { ...input, path: name, helm: { ...input.helm, chart: name } }
            : input,
        );
      } catch (error) {
        throw new InputError(
          `helm template failed: ${(error as Error).message}`,
        );
      }
    } finally {
      await fs.rm(workDir, { recursive: true, force: true });
    }
  }

  private locate(): Promise<string> {
    this.helmPath ??= locateHelm({ helmPath: this.options.helmPath }).catch(
      error => {
        this.helmPath = undefined;
        throw new InputError(
          `Packaged charts need a helm binary (maestro.policy.helm.path or MAESTRO_HELM_PATH): ${error.message}`,
        );
      },
    );
    return this.helmPath;
  }
}
