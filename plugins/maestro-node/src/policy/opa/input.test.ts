import { parseDockerfile } from '../dockerfileModel';
import { buildOpaInput } from './input';

// Expected values follow conftest's Dockerfile parser (parser/docker/docker.go:
// Cmd lower-cased, Flags as written, Value as BuildKit's parse tree splits
// it, Stage the 0-based stage), so conftest policies read the same fields.
describe('buildOpaInput', () => {
  it('gives each Dockerfile instruction in the shape of conftest commands', () => {
    const model = parseDockerfile(
      'Dockerfile',
      [
        'FROM golang:1.22 AS build',
        'RUN --mount=type=cache,target=/root/.cache go build ./...',
        'COPY ["a b", "/c"]',
        'ENV A=1 B="x y"',
        'ENV LEGACY some value',
        'HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost/"]',
        'ONBUILD RUN echo hi',
        'FROM gcr.io/distroless/static',
        'COPY --from=build /out/app /app',
        'EXPOSE 80 443',
        'USER 65532:65532',
        'CMD /app --serve',
      ].join('\n'),
    );
    const [dockerfile] = buildOpaInput([model], [], {
      profile: 'default',
    }).dockerfiles;
    expect(dockerfile.path).toBe('Dockerfile');
    expect(
      dockerfile.instructions.map(
        ({ Cmd, SubCmd, JSON, Flags, Value, Stage, Line }) => [
          Cmd,
          SubCmd,
          JSON,
          Flags,
          Value,
          Stage,
          Line,
        ],
      ),
    ).toEqual([
      ['from', '', false, [], ['golang:1.22', 'AS', 'build'], 0, 1],
      [
        'run',
        '',
        false,
        ['--mount=type=cache,target=/root/.cache'],
        ['go build ./...'],
        0,
        2,
      ],
      ['copy', '', true, [], ['a b', '/c'], 0, 3],
      ['env', '', false, [], ['A', '1', '=', 'B', '"x y"', '='], 0, 4],
      ['env', '', false, [], ['LEGACY', 'some value', ''], 0, 5],
      [
        'healthcheck',
        '',
        true,
        ['--interval=30s'],
        ['CMD', 'curl', '-f', 'http://localhost/'],
        0,
        6,
      ],
      ['onbuild', 'run', false, [], ['echo hi'], 0, 7],
      ['from', '', false, [], ['gcr.io/distroless/static'], 1, 8],
      ['copy', '', false, ['--from=build'], ['/out/app', '/app'], 1, 9],
      ['expose', '', false, [], ['80', '443'], 1, 10],
      ['user', '', false, [], ['65532:65532'], 1, 11],
      ['cmd', '', false, [], ['/app --serve'], 1, 12],
    ]);
  });
});
