import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ChartArchiveError, extractChartArchive } from './chartArchive';
import { locateHelm } from './locateHelm';
import { tgz } from '../../testUtils';

jest.setTimeout(180_000);
const run = promisify(execFile);

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length += 1;
  return `${length}${body}`;
}

const CHART_YAML = 'apiVersion: v2\nname: demo\nversion: 0.1.0\n';

describe('extractChartArchive', () => {
  let workDir: string;
  let target: string;

  beforeEach(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'maestro-archive-'));
    target = path.join(workDir, 'out');
    await fs.mkdir(target);
  });

  afterEach(async () => {
    await fs.rm(workDir, { recursive: true, force: true });
  });

  const refusal = async (archive: Buffer) => {
    const error = await extractChartArchive(archive, target).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(ChartArchiveError);
    // Judged before writing: nothing of the archive reached the disk.
    expect(await fs.readdir(target)).toEqual([]);
    return error as ChartArchiveError;
  };

  it('unpacks real helm package output with fresh permissions', async () => {
    const helmPath = await locateHelm();
    await run(helmPath, ['create', 'demo'], { cwd: workDir });
    await fs.chmod(path.join(workDir, 'demo', 'values.yaml'), 0o777);
    await run(helmPath, ['package', 'demo', '--destination', workDir], {
      cwd: workDir,
    });
    const archive = await fs.readFile(path.join(workDir, 'demo-0.1.0.tgz'));

    const chart = await extractChartArchive(archive, target);

    expect(chart).toEqual({
      chartName: 'demo',
      chartDir: path.join(target, 'demo'),
    });
    expect(
      (await fs.readdir(path.join(chart.chartDir, 'templates'))).sort(),
    ).toEqual(expect.arrayContaining(['deployment.yaml', '_helpers.tpl']));
    const values = await fs.stat(path.join(chart.chartDir, 'values.yaml'));
    expect(values.mode & 0o777).toBe(0o644);
  });

  it('honours PAX, GNU and ustar-prefix long names', async () => {
    const deep = `demo/templates/${'a'.repeat(90)}/${'b'.repeat(60)}`;
    const ustarDir = `demo/templates/${'c'.repeat(130)}`;
    const chart = await extractChartArchive(
      tgz([
        { name: 'demo/Chart.yaml', content: CHART_YAML },
        {
          name: 'PaxHeader',
          type: 'x',
          content: paxRecord('path', `${deep}.pax`),
        },
        { name: 'ignored-short-name', content: 'pax' },
        { name: '././@LongLink', type: 'L', content: `${deep}.gnu\0` },
        { name: 'ignored-short-name', content: 'gnu' },
        { prefix: ustarDir, name: 'ustar', content: 'ustar' },
      ]),
      target,
    );
    expect(chart.chartName).toBe('demo');
    for (const kind of ['pax', 'gnu']) {
      expect(
        await fs.readFile(path.join(target, `${deep}.${kind}`), 'utf8'),
      ).toBe(kind);
    }
    expect(
      await fs.readFile(path.join(target, ustarDir, 'ustar'), 'utf8'),
    ).toBe('ustar');
    expect(await fs.readdir(target)).toEqual(['demo']);
  });

  it('refuses a symbolic link, naming the entry and its target', async () => {
    const error = await refusal(
      tgz([
        { name: 'demo/Chart.yaml', content: CHART_YAML },
        { name: 'demo/hostname.txt', type: '2', linkName: '/etc/hostname' },
      ]),
    );
    expect(error.entry).toBe('demo/hostname.txt');
    expect(error.message).toBe(
      "entry 'demo/hostname.txt' is a symbolic link (to /etc/hostname); a packaged chart may hold only regular files and directories",
    );
  });

  it.each([
    ['1', 'a hard link', { linkName: 'demo/Chart.yaml' }],
    ['3', 'a character device', {}],
    ['4', 'a block device', {}],
    ['6', 'a FIFO', {}],
    ['S', "an entry of an unsupported type 'S'", {}],
  ])('refuses type %s as %s', async (type, kind, extra) => {
    const error = await refusal(
      tgz([
        { name: 'demo/Chart.yaml', content: CHART_YAML },
        { name: 'demo/templates/x', type, ...extra },
      ]),
    );
    expect(error.message).toContain(`entry 'demo/templates/x' is ${kind}`);
  });

  it.each([
    ['/etc/cron.d/evil', /absolute or non-portable path/],
    ['demo/../../evil.yaml', /leads outside the chart/],
    ['..', /leads outside the chart/],
    ['demo\\..\\evil', /absolute or non-portable path/],
    ['C:/evil', /absolute or non-portable path/],
  ])('refuses the path %s', async (name, reason) => {
    const error = await refusal(
      tgz([
        { name: 'demo/Chart.yaml', content: CHART_YAML },
        { name, content: 'x' },
      ]),
    );
    expect(error.entry).toBe(name);
    expect(error.message).toMatch(reason);
  });

  it('refuses a PAX path that climbs out, though the header name looks safe', async () => {
    const error = await refusal(
      tgz([
        { name: 'demo/Chart.yaml', content: CHART_YAML },
        { name: 'PaxHeader', type: 'x', content: paxRecord('path', '../x') },
        { name: 'demo/x', content: 'x' },
      ]),
    );
    expect(error.message).toMatch(/entry '..\/x' leads outside the chart/);
  });

  it.each([
    [
      'no Chart.yaml',
      [{ name: 'demo/values.yaml', content: '' }],
      /no demo\/Chart.yaml/,
    ],
    [
      'two charts',
      [
        { name: 'demo/Chart.yaml', content: CHART_YAML },
        { name: 'other/Chart.yaml', content: CHART_YAML },
      ],
      /2 top-level entries \(demo, other\)/,
    ],
    [
      'a file used as a folder',
      [
        { name: 'demo/Chart.yaml', content: CHART_YAML },
        { name: 'demo/templates', content: 'x' },
        { name: 'demo/templates/a.yaml', content: 'x' },
      ],
      /needs a folder 'demo\/templates'/,
    ],
  ])('refuses an archive with %s', async (_what, entries, reason) => {
    expect((await refusal(tgz(entries))).message).toMatch(reason);
  });

  it('refuses what is not a tar.gz, a corrupt header and a gzip bomb', async () => {
    expect((await refusal(Buffer.from('not gzip'))).message).toMatch(
      /^not a gzip archive/,
    );
    const corrupt = zlib.gunzipSync(
      tgz([{ name: 'demo/Chart.yaml', content: CHART_YAML }]),
    );
    corrupt[0] = 'x'.charCodeAt(0);
    expect((await refusal(zlib.gzipSync(corrupt))).message).toMatch(
      /header checksum mismatch at byte 0/,
    );
    const bomb = tgz([
      { name: 'demo/Chart.yaml', content: CHART_YAML },
      { name: 'demo/big', content: Buffer.alloc(51 * 1024 * 1024) },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect((await refusal(bomb)).message).toMatch(/unpacks to more than 50 MB/);
  });
});
