import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ChartSkippedError,
  collectInputs,
  InputPathError,
} from './collectInputs';

describe('collectInputs', () => {
  let root: string;

  function write(file: string, content: string) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'maestro-collect-'));
    write('Dockerfile', 'FROM scratch\n');
    write('svc/api.Dockerfile', 'FROM scratch\n');
    write('svc/Dockerfile.dev', 'FROM scratch\n');
    write('svc/Dockerfile.md.txt.notes', 'FROM scratch\n');
    write(
      'k8s/app.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
    );
    write('k8s/kustomization.yml', 'resources: [app.yaml]\n');
    write('k8s/broken.yaml', 'a: [\n');
    write('k8s/values-prod.yaml', 'apiVersion: v1\nkind: ConfigMap\n');
    write('chart/Chart.yaml', 'apiVersion: v2\nname: chart\nversion: 0.1.0\n');
    write('chart/templates/cm.yaml', '{{ broken template\n');
    write('node_modules/pkg/Dockerfile', 'FROM scratch\n');
    write('.git/Dockerfile', 'FROM scratch\n');
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds Dockerfiles, manifests and charts, skipping node_modules and .git', async () => {
    const charts: string[] = [];
    const { inputs, warnings } = await collectInputs(['.'], {
      cwd: root,
      renderChart: async (dir, display) => {
        charts.push(display);
        expect(dir).toBe(path.join(root, 'chart'));
        return [
          {
            kind: 'kubernetes',
            path: display,
            content: 'rendered',
            helm: { chart: display, overlay: 'values.yaml' },
          },
        ];
      },
    });
    expect(inputs.map(i => `${i.kind}:${i.path}`)).toEqual([
      'kubernetes:chart',
      'dockerfile:Dockerfile',
      'kubernetes:k8s/app.yaml',
      'dockerfile:svc/api.Dockerfile',
      'dockerfile:svc/Dockerfile.dev',
      'dockerfile:svc/Dockerfile.md.txt.notes',
    ]);
    expect(charts).toEqual(['chart']);
    expect(warnings).toEqual([
      expect.stringMatching(/^k8s\/broken\.yaml skipped: not valid YAML/),
    ]);
  });

  it('warns about a chart it cannot render instead of passing it silently', async () => {
    const { inputs, warnings } = await collectInputs(['chart'], {
      cwd: root,
      renderChart: async () => {
        throw new ChartSkippedError('No Helm binary found');
      },
    });
    expect(inputs).toEqual([]);
    expect(warnings).toEqual([
      'Helm chart chart skipped, not checked: No Helm binary found',
    ]);
  });

  it('warns about an explicit file that is not a policy input', async () => {
    const { inputs, warnings } = await collectInputs(
      ['k8s/kustomization.yml'],
      {
        cwd: root,
        renderChart: async () => [],
      },
    );
    expect(inputs).toEqual([]);
    expect(warnings).toEqual([
      'k8s/kustomization.yml skipped: no Kubernetes objects in it',
    ]);
  });

  it('rejects a path that does not exist', async () => {
    await expect(
      collectInputs(['missing'], { cwd: root, renderChart: async () => [] }),
    ).rejects.toThrow(InputPathError);
  });
});
