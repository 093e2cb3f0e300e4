/**
 * Turns a Dockerfile into the model Dockerfile rules see in CEL as
 * `dockerfile`. Multi-stage aware: `final` is the last stage, and a stage
 * built `FROM <alias>` inherits USER, LABELs and HEALTHCHECK from the aliased
 * stage and resolves `baseImage` to that stage's base, as Docker does.
 */
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { PolicyInputError, assertReadableText } from './errors';
import { parseImageReference } from './imageReference';

export type DockerInstruction = {
  keyword: string;
  /** Arguments as written (without flags for RUN/COPY/ADD/FROM). */
  args: string;
  /** Flags such as `--security=insecure`, as `{name, value}`. */
  flags: Array<{ name: string; value: string }>;
  /** 1-based. */
  line: number;
};

export type DockerBaseImage = {
  raw: string;
  repository: string;
  tag: string;
  digest: string;
  /** True when `FROM` names an earlier stage (or `scratch`, which has no registry image). */
  isStageRef: boolean;
  line: number;
};

export type DockerStage = {
  index: number;
  name: string;
  line: number;
  /** The FROM as written. */
  from: DockerBaseImage;
  /** The registry image this stage ultimately builds on, after following stage aliases. */
  baseImage: DockerBaseImage;
  instructions: DockerInstruction[];
  /** Effective user at the end of the stage (inherited through aliases), or null. */
  user: { name: string; line: number } | null;
  /** Effective labels (inherited through aliases), key → `{value, line}`. */
  labels: Record<string, { value: string; line: number }>;
  healthcheck: { args: string; line: number; disabled: boolean } | null;
  exposedPorts: Array<{ port: string; line: number }>;
};

export type DockerfileModel = {
  path: string;
  stages: DockerStage[];
  final: DockerStage;
  /** Every instruction of every stage, in file order (ARGs before the first FROM excluded). */
  instructions: Array<DockerInstruction & { stage: number }>;
  labels: Record<string, { value: string; line: number }>;
  healthcheck: DockerStage['healthcheck'];
  exposedPorts: DockerStage['exposedPorts'];
};

export function parseDockerfile(
  path: string,
  content: string,
): DockerfileModel {
  assertReadableText(path, content);
  if (content.trim() === '') {
    throw new PolicyInputError(`${path}: Dockerfile is empty`);
  }
  const dockerfile = DockerfileParser.parse(content);
  const stages: DockerStage[] = [];
  let current: DockerStage | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const entry = toInstruction(instruction, keyword);
    if (keyword === 'FROM') {
      current = startStage(instruction, entry, stages);
      stages.push(current);
      continue;
    }
    if (!current) continue; // ARG before the first FROM
    current.instructions.push(entry);
    applyInstruction(current, instruction, entry);
  }
  if (!current) {
    throw new PolicyInputError(`${path}: Dockerfile has no FROM instruction`);
  }
  return {
    path,
    stages,
    final: current,
    instructions: stages.flatMap(stage =>
      stage.instructions.map(instruction => ({
        ...instruction,
        stage: stage.index,
      })),
    ),
    labels: current.labels,
    healthcheck: current.healthcheck,
    exposedPorts: current.exposedPorts,
  };
}

function toInstruction(
  instruction: Instruction,
  keyword: string,
): DockerInstruction {
  const flags =
    'getFlags' in instruction &&
    typeof (instruction as any).getFlags === 'function'
      ? ((instruction as any).getFlags() as Array<{
          getName(): string;
          getValue(): string | null;
        }>)
      : [];
  return {
    keyword,
    args: instruction.getArgumentsContent() ?? '',
    flags: flags.map(flag => ({
      name: flag.getName(),
      value: flag.getValue() ?? '',
    })),
    line: instruction.getRange().start.line + 1,
  };
}

function startStage(
  instruction: Instruction,
  entry: DockerInstruction,
  stages: DockerStage[],
): DockerStage {
  const from = instruction as any;
  const image: string = from.getImage?.() ?? '';
  const alias: string = from.getBuildStage?.() ?? '';
  const parent = stages.find(
    stage =>
      stage.name !== '' && stage.name.toLowerCase() === image.toLowerCase(),
  );
  const ref = parseImageReference(image);
  const written: DockerBaseImage = {
    ...ref,
    isStageRef: Boolean(parent) || image.toLowerCase() === 'scratch',
    line: entry.line,
  };
  return {
    index: stages.length,
    name: alias,
    line: entry.line,
    from: written,
    baseImage: parent ? parent.baseImage : written,
    instructions: [],
    user: parent?.user ?? null,
    labels: { ...(parent?.labels ?? {}) },
    healthcheck: parent?.healthcheck ?? null,
    exposedPorts: [...(parent?.exposedPorts ?? [])],
  };
}

function applyInstruction(
  stage: DockerStage,
  instruction: Instruction,
  entry: DockerInstruction,
) {
  switch (entry.keyword) {
    case 'USER':
      stage.user = { name: entry.args.trim(), line: entry.line };
      break;
    case 'LABEL':
      for (const property of (instruction as any).getProperties?.() ?? []) {
        stage.labels[property.getName()] = {
          value: property.getValue() ?? '',
          line: entry.line,
        };
      }
      break;
    case 'HEALTHCHECK':
      stage.healthcheck = {
        args: entry.args,
        line: entry.line,
        disabled: /^\s*NONE\s*$/i.test(entry.args),
      };
      break;
    case 'EXPOSE':
      for (const port of entry.args.split(/\s+/).filter(Boolean)) {
        stage.exposedPorts.push({ port, line: entry.line });
      }
      break;
    default:
  }
}
