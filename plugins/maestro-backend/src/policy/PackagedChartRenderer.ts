import { InputError } from '@backstage/errors';
import {
  ChartArchiveError,
  extractChartArchive,
  ExtractedChart,
  helmInputs,
  locateHelm,
  PolicyInput,
  renderHelmChart,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const MAX_ARCHIVE_BYTES = 5 * 1024 * 1024;

/**
 * Turns a packaged chart (`helm package` output, base64 in a request) into
 * policy inputs: unpacked in a private temporary folder, rendered with the
 * real helm binary once per values overlay it ships (values.yaml and every
 * values-*.yaml), and removed again. Unpacking is maestro-node's
 * extractChartArchive, which refuses links, device files and paths outside
 * the chart before writing anything, so a chart cannot make Helm read files
 * of this host into the findings.
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
      let chart: ExtractedChart;
      try {
        chart = await extractChartArchive(archive, workDir);
      } catch (error) {
        if (error instanceof ChartArchiveError) {
          throw new InputError(
            `The packaged chart was refused, nothing was rendered: ${error.message}`,
          );
        }
        throw error;
      }
      const { chartName: name, chartDir } = chart;
      try {
        const rendered = await renderHelmChart({ helmPath, chartDir });
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
