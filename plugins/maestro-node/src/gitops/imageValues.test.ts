import { InputError } from '@backstage/errors';
import { parse } from 'yaml';
import { readImageValues, setImageDigest } from './imageValues';

const repository = 'ghcr.io/acme/payments-api';
const digest = `sha256:${'a'.repeat(64)}`;
const oldDigest = `sha256:${'b'.repeat(64)}`;

const overlay = `# Staging overlay for payments-api.
# Maestro rewrites image.repository and image.digest on promotion.

replicaCount: 2   # two replicas in staging

image:
  # Where the image comes from.
  repository: "ghcr.io/acme/payments-api-old"  # quoted on purpose
  digest: '${oldDigest}'
  pullPolicy: IfNotPresent

env:
- name: LOG_LEVEL
  value: debug
resources: {requests: {cpu: 100m, memory: 128Mi}}

# trailing comment
`;

describe('setImageDigest', () => {
  it('changes only the two scalars, keeping comments, blank lines, quoting and order byte for byte', () => {
    const result = setImageDigest(overlay, { repository, digest });
    expect(result).toBe(
      overlay
        .replace('"ghcr.io/acme/payments-api-old"', `"${repository}"`)
        .replace(`'${oldDigest}'`, `'${digest}'`),
    );
    expect(readImageValues(result)).toEqual({
      repository,
      digest,
      tag: undefined,
    });
  });

  it('removes a floating tag, so the overlay says only what runs', () => {
    const text = `image:
  repository: ghcr.io/acme/payments-api
  tag: "1.4.2" # floating
  pullPolicy: IfNotPresent
other: 1
`;
    const result = setImageDigest(text, { repository, digest });
    expect(result).toBe(`image:
  repository: ghcr.io/acme/payments-api
  digest: ${digest}
  pullPolicy: IfNotPresent
other: 1
`);
  });

  it('adds the digest after the repository, and the image mapping when it is missing', () => {
    expect(
      setImageDigest(
        '# dev\nimage:\n  repository: x.io/a/b # repo\n  pullPolicy: Always\n',
        {
          repository,
          digest,
        },
      ),
    ).toBe(
      `# dev\nimage:\n  repository: ${repository} # repo\n  digest: ${digest}\n  pullPolicy: Always\n`,
    );
    expect(
      setImageDigest('# dev overlay\nreplicaCount: 1 # one\n', {
        repository,
        digest,
      }),
    ).toBe(
      `# dev overlay\nreplicaCount: 1 # one\nimage:\n  repository: ${repository}\n  digest: ${digest}\n`,
    );
    expect(setImageDigest('# nothing yet\n', { repository, digest })).toBe(
      `# nothing yet\nimage:\n  repository: ${repository}\n  digest: ${digest}\n`,
    );
    expect(setImageDigest('', { repository, digest })).toBe(
      `image:\n  repository: ${repository}\n  digest: ${digest}\n`,
    );
    expect(
      setImageDigest('worker:\n    replicas: 1\nlast: true', {
        repository,
        digest,
        path: ['worker', 'image'],
      }),
    ).toBe(
      `worker:\n    replicas: 1\n    image:\n      repository: ${repository}\n      digest: ${digest}\nlast: true`,
    );
    expect(
      setImageDigest('image:\n  digest: # set by Maestro\n  repository: r\n', {
        repository,
        digest,
      }),
    ).toBe(
      `image:\n  digest: ${digest} # set by Maestro\n  repository: ${repository}\n`,
    );
  });

  it('falls back to the Document API for flow mappings and keeps the values right', () => {
    const result = setImageDigest(
      '# flow\nimage: { repository: x.io/a, tag: "1" }\n',
      {
        repository,
        digest,
      },
    );
    expect(result).toContain('# flow');
    expect(parse(result)).toEqual({ image: { repository, digest } });
  });

  it('refuses tags, malformed digests and repositories with a tag, with the reason', () => {
    expect(() =>
      setImageDigest(overlay, { repository, digest: '1.4.2' }),
    ).toThrow(/it is a tag, and Maestro promotes image digests/);
    expect(() =>
      setImageDigest(overlay, { repository, digest: 'latest' }),
    ).toThrow(InputError);
    expect(() =>
      setImageDigest(overlay, {
        repository,
        digest: `sha256:${'A'.repeat(64)}`,
      }),
    ).toThrow(/64 lower-case hex digits/);
    expect(() =>
      setImageDigest(overlay, { repository, digest: 'sha256:abc' }),
    ).toThrow(InputError);
    expect(() =>
      setImageDigest(overlay, {
        repository: 'ghcr.io/acme/payments-api:1.4.2',
        digest,
      }),
    ).toThrow(/contains a tag/);
    expect(() =>
      setImageDigest(overlay, {
        repository: `ghcr.io/acme/payments-api@${digest}`,
        digest,
      }),
    ).toThrow(/contains a digest/);
  });

  it('refuses overlays that are not one YAML mapping, and an image that is not a mapping', () => {
    expect(() => setImageDigest('- a\n- b\n', { repository, digest })).toThrow(
      'The values overlay is a sequence, not a YAML mapping of keys to values as Helm expects',
    );
    expect(() => setImageDigest('just text', { repository, digest })).toThrow(
      /is a string scalar, not a YAML mapping/,
    );
    expect(() => setImageDigest('a: [1\n', { repository, digest })).toThrow(
      /not valid YAML/,
    );
    expect(() =>
      setImageDigest('a: 1\n---\nb: 2\n', { repository, digest }),
    ).toThrow(/2 YAML documents/);
    expect(() =>
      setImageDigest('image: ghcr.io/acme/x:1.0\n', { repository, digest }),
    ).toThrow(
      'image in the values overlay is a string scalar, not a mapping with repository and digest',
    );
  });
});
