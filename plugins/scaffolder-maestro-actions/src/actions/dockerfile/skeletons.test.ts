/**
 * The service skeletons of the secure-service template
 * (examples/templates/secure-service/skeleton/<language>) against the
 * Dockerfiles this action writes for them: every file a Dockerfile copies or
 * runs is there, and each skeleton, rendered the way fetch:template would,
 * starts, answers /healthz and passes (then, once stopped, fails) the probe
 * its HEALTHCHECK runs. Toolchains missing on this machine skip their
 * language, saying so in the test name.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_BASE_IMAGES,
  DOCKERFILE_LANGUAGES,
  type DockerfileLanguage,
} from './baseImages';
import { renderDockerfile } from './presets';

const SKELETONS = path.resolve(
  __dirname,
  '../../../../../examples/templates/secure-service/skeleton',
);
const VALUES: Record<string, string> = {
  name: 'payments-api',
  port: '8080',
  description: 'Takes card payments',
  owner: 'group:default/payments',
};

function listFiles(root: string, dir = ''): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap(entry =>
      entry.isDirectory()
        ? listFiles(root, path.join(dir, entry.name))
        : [path.join(dir, entry.name)],
    );
}

/** Renders like fetch:template for the only syntax the skeletons use, `${{ values.x }}`. */
function render(language: DockerfileLanguage): string {
  const target = fs.mkdtempSync(
    path.join(os.tmpdir(), `skeleton-${language}-`),
  );
  for (const file of listFiles(path.join(SKELETONS, language))) {
    const text = fs.readFileSync(path.join(SKELETONS, language, file), 'utf8');
    const rendered = text.replace(
      /\$\{\{\s*values\.(\w+)\s*\}\}/g,
      (_match, key: string) => {
        if (!(key in VALUES)) throw new Error(`${file} uses values.${key}`);
        return VALUES[key];
      },
    );
    if (/\$\{\{|\{%|\{#/.test(rendered)) {
      throw new Error(`${file} uses template syntax beyond \${{ values.x }}`);
    }
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    fs.writeFileSync(path.join(target, file), rendered);
  }
  return target;
}

function works(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

type Runner = {
  missing?: string;
  build?: Array<[string, string[]]>;
  server: [string, string[]];
  probe: [string, string[]];
};

const runners: Record<DockerfileLanguage, Runner> = {
  node: {
    missing: works('npm', ['--version']) ? undefined : 'npm',
    build: [
      ['npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund']],
      ['npm', ['test']],
    ],
    server: [process.execPath, ['src/server.js']],
    probe: [process.execPath, ['src/healthcheck.js']],
  },
  python: {
    missing: works('python3', ['--version']) ? undefined : 'python3',
    build: [
      ['python3', ['-m', 'unittest', 'discover', '-s', 'tests', '-t', '.']],
    ],
    server: ['python3', ['-m', 'app']],
    probe: ['python3', ['-m', 'app.healthcheck']],
  },
  go: {
    missing: works('go', ['version']) ? undefined : 'go',
    build: [
      ['go', ['vet', './...']],
      ['go', ['build', '-trimpath', '-o', 'bin/server', '.']],
    ],
    server: ['./bin/server', []],
    probe: ['./bin/server', ['healthcheck']],
  },
  java: {
    // javac rather than Maven: Maven would download its plugins first.
    missing: works('javac', ['-version']) ? undefined : 'javac',
    build: [
      [
        'javac',
        [
          '-d',
          'classes',
          'src/main/java/app/Main.java',
          'src/main/java/app/HealthCheck.java',
        ],
      ],
    ],
    server: ['java', ['-cp', 'classes', 'app.Main']],
    probe: ['java', ['-cp', 'classes', 'app.HealthCheck']],
  },
};

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function waitForHealthy(port: number, child: ChildProcess) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with ${child.exitCode}`);
    }
    const status = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then(res => res.status)
      .catch(() => 0);
    if (status === 200) return;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error('the server did not answer /healthz within 30 s');
}

describe('secure-service skeletons', () => {
  it.each(DOCKERFILE_LANGUAGES)(
    '%s: has every file its Dockerfile copies and runs',
    language => {
      const dir = path.join(SKELETONS, language);
      const files = listFiles(dir).map(f => f.split(path.sep).join('/'));
      const dockerfile = renderDockerfile({
        name: 'payments-api',
        language,
        port: 8080,
        version: '0.1.0',
        images: DEFAULT_BASE_IMAGES[language],
      });
      const copies = dockerfile
        .split('\n')
        .filter(line => line.startsWith('COPY ') && !line.includes('--from'))
        .map(line => line.split(/\s+/).slice(1, -1));
      expect(copies.length).toBeGreaterThan(0);
      for (const sources of copies) {
        const matches = sources.map(source => {
          const pattern = new RegExp(
            `^${source
              .replace(/[.+?^$()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')}(/.*)?$`,
          );
          return files.filter(file => pattern.test(file)).length;
        });
        // BuildKit lets a wildcard match nothing, but not a whole COPY.
        sources.forEach((source, i) => {
          expect([source, matches[i] > 0 || source.includes('*')]).toEqual([
            source,
            true,
          ]);
        });
        expect(matches.some(count => count > 0)).toBe(true);
      }
      const expected: Record<DockerfileLanguage, string[]> = {
        node: ['package-lock.json', 'src/server.js', 'src/healthcheck.js'],
        python: ['requirements.txt', 'app/__main__.py', 'app/healthcheck.py'],
        go: ['go.mod', 'main.go'],
        java: [
          'pom.xml',
          'src/main/java/app/Main.java',
          'src/main/java/app/HealthCheck.java',
        ],
      };
      expect(files).toEqual(expect.arrayContaining(expected[language]));
      expect(files).toContain('README.md');
    },
  );

  it('ships a node lockfile npm ci accepts: version 3, no dependencies', () => {
    const dir = path.join(SKELETONS, 'node');
    const lock = JSON.parse(
      fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'),
    );
    const pkg = JSON.parse(
      fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
    );
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.name).toBe(pkg.name);
    expect(Object.keys(lock.packages)).toEqual(['']);
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.scripts).toEqual(
      expect.objectContaining({
        start: expect.any(String),
        test: expect.any(String),
      }),
    );
  });

  it('builds a java jar named app.jar with a Main-Class', () => {
    const pom = fs.readFileSync(
      path.join(SKELETONS, 'java', 'pom.xml'),
      'utf8',
    );
    expect(pom).toContain('<finalName>app</finalName>');
    expect(pom).toContain('<mainClass>app.Main</mainClass>');
    expect(pom).not.toContain('<dependencies>');
  });

  it('has the go binary answer the healthcheck subcommand', () => {
    const main = fs.readFileSync(path.join(SKELETONS, 'go', 'main.go'), 'utf8');
    expect(main).toContain('os.Args[1] == "healthcheck"');
    expect(main).toContain('"net/http"');
  });

  describe('rendered and started', () => {
    const available = DOCKERFILE_LANGUAGES.filter(l => !runners[l].missing);
    let dir = '';
    let server: ChildProcess | undefined;

    afterEach(async () => {
      if (server && server.exitCode === null) {
        server.kill('SIGKILL');
      }
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      server = undefined;
      dir = '';
    });

    DOCKERFILE_LANGUAGES.filter(l => runners[l].missing).forEach(language =>
      it.todo(
        `${language}: not run here, ${runners[language].missing} is not on PATH`,
      ),
    );

    it.each(available)(
      '%s: starts, answers /healthz, /readyz and /, and its probe passes, then fails once it stops',
      async language => {
        const runner = runners[language];
        dir = render(language);
        for (const [command, args] of runner.build ?? []) {
          const result = spawnSync(command, args, {
            cwd: dir,
            encoding: 'utf8',
            env: {
              ...process.env,
              CGO_ENABLED: '0',
              GOFLAGS: '-mod=mod',
              GOTOOLCHAIN: 'local',
            },
          });
          // The tool's output is part of the comparison, so a failure shows it.
          const output =
            result.status === 0
              ? ''
              : `${result.stdout}${result.stderr}`.slice(-2000);
          expect({
            command: [command, ...args],
            status: result.status,
            output,
          }).toEqual({ command: [command, ...args], status: 0, output: '' });
        }
        const port = await freePort();
        const env = { ...process.env, PORT: String(port) };
        server = spawn(runner.server[0], runner.server[1], {
          cwd: dir,
          env,
          stdio: 'ignore',
        });
        await waitForHealthy(port, server);

        const base = `http://127.0.0.1:${port}`;
        expect((await fetch(`${base}/readyz`)).status).toBe(200);
        const hello = await fetch(`${base}/`);
        expect(hello.status).toBe(200);
        expect(await hello.json()).toEqual(
          expect.objectContaining({ service: 'payments-api' }),
        );
        expect((await fetch(`${base}/missing`)).status).toBe(404);

        const probe = () =>
          spawnSync(runner.probe[0], runner.probe[1], { cwd: dir, env }).status;
        expect(probe()).toBe(0);

        const running = server;
        const exited = new Promise(resolve => running.once('exit', resolve));
        running.kill('SIGTERM');
        await exited;
        expect(probe()).not.toBe(0);
      },
      120_000,
    );
  });
});
