import type { Config } from '@backstage/config';

/** Languages `maestro:dockerfile:create` has a preset for. */
export const DOCKERFILE_LANGUAGES = ['node', 'python', 'go', 'java'] as const;

/** @public */
export type DockerfileLanguage = (typeof DOCKERFILE_LANGUAGES)[number];

/** The two images a preset builds on: the toolchain stage and the final stage. */
export type BaseImagePair = { build: string; runtime: string };

/**
 * Built-in defaults, each pinned by the digest a public repository pinned it
 * by (the repository and file are named beside it), so nobody has to trust a
 * digest typed from memory. They age: platform teams override them in
 * `maestro.scaffolder.baseImages` and let Renovate or Dependabot keep that
 * config current.
 *
 * The runtime images are the distroless ones for Debian 12; the build images
 * match them (Node 22, Python 3.11 which is the Python of python3-debian12,
 * static Go binaries, Temurin 21).
 */
export const DEFAULT_BASE_IMAGES: Record<DockerfileLanguage, BaseImagePair> = {
  node: {
    // forbish/mega-dl-webui, Dockerfile at a80ebe8f33ce70085eea3497577cf376eb06db80 (node 22.22.0)
    build:
      'node:22.22.0-bookworm-slim@sha256:5373f1906319b3a1f291da5d102f4ce5c77ccbe29eb637f072b6c7b70443fc36',
    // forbish/mega-dl-webui, Dockerfile at a80ebe8f33ce70085eea3497577cf376eb06db80
    runtime:
      'gcr.io/distroless/nodejs22-debian12@sha256:61ac74f7ae19c65e87fdfcd5a0b0cb7172074ecbbbf0c26820ec5c09fd2ff9d1',
  },
  python: {
    // AetherAI3/agent-browser, Dockerfile at a46b0d6a56343bda6d84dc97b8b3defe49cfa052 (Python 3.11.16)
    build:
      'python:3.11-slim-bookworm@sha256:528257d48c1da0dcecc2e725d1ae34498d60c965f1241e39cd6a85a8859bdf84',
    // retailnext/pproxy, Dockerfile, Renovate commit c16bb87a8ba4183a86f645468abc3ab3448172c4
    runtime:
      'gcr.io/distroless/python3-debian12:nonroot@sha256:7d1042ce588ab97019fe95c24ffca7bc5a82ccdac572511d5e09bda4435c89c5',
  },
  go: {
    // svlocks/sheets, Dockerfile at 8332f07d3bb80381427222bf2ebb574406071ac0 (Go 1.25.14)
    build:
      'golang:1.25-bookworm@sha256:3b4a11519ad929d1e1d261a12cff056f0c85b735253d7d861346b9c6f8b36437',
    // svlocks/sheets, Dockerfile at 8332f07d3bb80381427222bf2ebb574406071ac0
    runtime:
      'gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab',
  },
  java: {
    // oberthci/oberth, internal/pipelinegen/images.go at 41e5960cc00ecb4881eef64fb78d812c59a780a9 (Maven 3.9.16)
    build:
      'maven:3.9-eclipse-temurin-21@sha256:8f6ac126f7810bb5549c4cd122d2bf0e9cda5bdeb0838aa928f09e779fd8bef8',
    // clytras/AccessConverter, Dockerfile at 05f5e96f427318f35196e7f7498aba6092622e6e
    runtime:
      'gcr.io/distroless/java21-debian12:nonroot@sha256:7e37784d94dccbf5ccb195c73b295f5ad00cd266512dfbac12eb9c3c28f8077d',
  },
};

const CONFIG_KEY = 'maestro.scaffolder.baseImages';

// [registry[:port]/]path[/path...][:tag]@sha256:<64 hex>, after the grammar
// of distribution/reference, with the digest made mandatory.
const PINNED_IMAGE = new RegExp(
  [
    '^',
    '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?',
    '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*',
    '(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*',
    '(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?',
    '@sha256:[a-f0-9]{64}',
    '$',
  ].join(''),
);

/** Why `ref` is not an image pinned by digest, or undefined when it is. */
export function explainUnpinnedImage(ref: string): string | undefined {
  if (PINNED_IMAGE.test(ref)) {
    return undefined;
  }
  if (!ref.includes('@')) {
    return 'it is not pinned by digest';
  }
  if (!/@sha256:[a-f0-9]{64}$/.test(ref)) {
    return 'the digest must be sha256: followed by 64 lower-case hex digits';
  }
  return 'the repository or tag is malformed';
}

/**
 * Reads `maestro.scaffolder.baseImages` once, on top of the defaults. Throws
 * at construction, naming the key, when a language is unknown or an image is
 * not `repo[:tag]@sha256:<64 hex>`: a misconfigured portal should fail to
 * start rather than hand out Dockerfiles built on floating tags.
 */
export function readBaseImages(
  config: Config,
): Record<DockerfileLanguage, BaseImagePair> {
  const result = structuredClone(DEFAULT_BASE_IMAGES);
  const section = config.getOptionalConfig(CONFIG_KEY);
  if (!section) {
    return result;
  }
  for (const language of section.keys()) {
    if (!(DOCKERFILE_LANGUAGES as readonly string[]).includes(language)) {
      throw new Error(
        `Invalid ${CONFIG_KEY}.${language}: unknown language, expected one of ${DOCKERFILE_LANGUAGES.join(
          ', ',
        )}`,
      );
    }
    const images = section.getConfig(language);
    for (const key of images.keys()) {
      if (key !== 'build' && key !== 'runtime') {
        throw new Error(
          `Invalid ${CONFIG_KEY}.${language}.${key}: expected only build and runtime`,
        );
      }
      const ref = images.getString(key).trim();
      const problem = explainUnpinnedImage(ref);
      if (problem) {
        throw new Error(
          `Invalid ${CONFIG_KEY}.${language}.${key} '${ref}': ${problem}; write it as repo[:tag]@sha256:<64 hex digits>`,
        );
      }
      result[language as DockerfileLanguage][key] = ref;
    }
  }
  return result;
}
