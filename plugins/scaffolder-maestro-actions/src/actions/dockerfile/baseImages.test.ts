import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_BASE_IMAGES,
  DOCKERFILE_LANGUAGES,
  explainUnpinnedImage,
  readBaseImages,
} from './baseImages';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

const withImages = (baseImages: Record<string, Record<string, string>>) =>
  new ConfigReader({ maestro: { scaffolder: { baseImages } } });

describe('base images', () => {
  it('pins every default by digest', () => {
    for (const language of DOCKERFILE_LANGUAGES) {
      expect(explainUnpinnedImage(DEFAULT_BASE_IMAGES[language].build)).toBe(
        undefined,
      );
      expect(
        explainUnpinnedImage(DEFAULT_BASE_IMAGES[language].runtime),
      ).toBeUndefined();
    }
  });

  it('uses the defaults when nothing is configured', () => {
    expect(readBaseImages(new ConfigReader({}))).toEqual(DEFAULT_BASE_IMAGES);
  });

  it('takes configured images over the defaults, language by language', () => {
    const images = readBaseImages(
      withImages({
        node: {
          runtime: `registry.acme.internal:5000/base/node22:1.4@${DIGEST}`,
        },
        go: {
          build: `golang@${DIGEST}`,
          runtime: `cgr.dev/chainguard/static@${DIGEST}`,
        },
      }),
    );
    expect(images.node).toEqual({
      build: DEFAULT_BASE_IMAGES.node.build,
      runtime: `registry.acme.internal:5000/base/node22:1.4@${DIGEST}`,
    });
    expect(images.go).toEqual({
      build: `golang@${DIGEST}`,
      runtime: `cgr.dev/chainguard/static@${DIGEST}`,
    });
    expect(images.java).toEqual(DEFAULT_BASE_IMAGES.java);
    // The defaults themselves are never modified.
    expect(DEFAULT_BASE_IMAGES.go.build).toMatch(/^golang:1\.25-bookworm@/);
  });

  it.each([
    [
      { node: { runtime: 'gcr.io/distroless/nodejs22-debian12:latest' } },
      "Invalid maestro.scaffolder.baseImages.node.runtime 'gcr.io/distroless/nodejs22-debian12:latest': it is not pinned by digest",
    ],
    [
      { python: { build: 'python:3.11-slim@sha256:abc123' } },
      'maestro.scaffolder.baseImages.python.build',
    ],
    [
      { java: { build: `maven:3.9@sha256:${'A1'.repeat(32)}` } },
      '64 lower-case hex digits',
    ],
    [
      { go: { build: `Golang:1.25@${DIGEST}` } },
      'the repository or tag is malformed',
    ],
    [
      { rust: { build: `rust@${DIGEST}` } },
      'Invalid maestro.scaffolder.baseImages.rust: unknown language, expected one of node, python, go, java',
    ],
    [
      { node: { final: `node@${DIGEST}` } },
      'Invalid maestro.scaffolder.baseImages.node.final: expected only build and runtime',
    ],
  ])('refuses %j at construction', (baseImages, message) => {
    expect(() => readBaseImages(withImages(baseImages))).toThrow(message);
  });
});
