/**
 * The `input` document OPA receives: every Dockerfile as the instruction
 * list conftest gives Rego policies (`{Cmd, SubCmd, JSON, Flags, Value,
 * Stage}`, from conftest's parser/docker/docker.go over BuildKit's parser),
 * and every Kubernetes object as parsed YAML with the file, Helm template and
 * values overlay it came from. A conftest rule over `input[i]` reads
 * `input.dockerfiles[_].instructions[i]` here.
 */
import type { DockerfileModel, DockerInstruction } from '../dockerfileModel';
import type { ResourceView } from '../kubernetesModel';
import type { PolicyProfile } from '../types';

/** One Dockerfile instruction, shaped as conftest's `Command`. @public */
export type OpaDockerCommand = {
  /** Lower-case keyword: `from`, `run`, `copy`, … */
  Cmd: string;
  /** For ONBUILD: the lower-case instruction it wraps; otherwise empty. */
  SubCmd: string;
  /** True when written in exec (JSON array) form. */
  JSON: boolean;
  /** Flags as written, e.g. `--from=build`, `--mount=type=cache,target=/x`. */
  Flags: string[];
  /** Arguments as BuildKit splits them (see README). */
  Value: string[];
  /** 0-based stage index. */
  Stage: number;
  /** 1-based line; Maestro's addition, not in conftest. */
  Line: number;
};

/** The document sent as OPA's `input`. @public */
export type OpaPolicyInput = {
  profile: PolicyProfile;
  /** The catalog entity, when the caller named one. */
  entityRef?: string;
  dockerfiles: Array<{ path: string; instructions: OpaDockerCommand[] }>;
  resources: Array<{
    file: string;
    /** 1-based line of the document, when known. */
    line?: number;
    /** Helm template that rendered the object (`chart/templates/x.yaml`). */
    template?: string;
    /** Helm values overlay (`values-prod.yaml`). */
    overlay?: string;
    object: Record<string, unknown>;
  }>;
};

export function buildOpaInput(
  dockerfiles: DockerfileModel[],
  resources: ResourceView[],
  context: { profile: PolicyProfile; entityRef?: string },
): OpaPolicyInput {
  return {
    profile: context.profile,
    ...(context.entityRef ? { entityRef: context.entityRef } : {}),
    dockerfiles: dockerfiles.map(model => ({
      path: model.path,
      instructions: dockerCommands(model),
    })),
    resources: resources.map(view => ({
      file: view.file,
      ...(view.line !== undefined ? { line: view.line } : {}),
      ...(view.template ? { template: view.template } : {}),
      ...(view.overlay ? { overlay: view.overlay } : {}),
      object: view.object,
    })),
  };
}

/**
 * The model keeps FROM per stage rather than as an instruction, so each
 * stage's FROM is put back in line order before the stage's instructions.
 */
function dockerCommands(model: DockerfileModel): OpaDockerCommand[] {
  return model.stages.flatMap(stage => [
    {
      Cmd: 'from',
      SubCmd: '',
      JSON: false,
      Flags: [],
      Value: [stage.from.raw, ...(stage.name ? ['AS', stage.name] : [])],
      Stage: stage.index,
      Line: stage.line,
    },
    ...stage.instructions.map(instruction =>
      toCommand(instruction, stage.index),
    ),
  ]);
}

function toCommand(
  instruction: DockerInstruction,
  stage: number,
): OpaDockerCommand {
  let keyword = instruction.keyword;
  let args = instruction.args.trim();
  let subCommand = '';
  if (keyword === 'ONBUILD') {
    const [first, ...rest] = args.split(/\s+/);
    subCommand = first.toLowerCase();
    keyword = first.toUpperCase();
    args = rest.join(' ');
  }
  const { value, json } = splitValue(keyword, args);
  return {
    Cmd: instruction.keyword.toLowerCase(),
    SubCmd: subCommand,
    JSON: json,
    Flags: instruction.flags.map(({ name, value: flagValue }) =>
      flagValue === '' ? `--${name}` : `--${name}=${flagValue}`,
    ),
    Value: value,
    Stage: stage,
    Line: instruction.line,
  };
}

/** BuildKit's per-instruction argument parsers, as far as policies see them. */
function splitValue(
  keyword: string,
  args: string,
): { value: string[]; json: boolean } {
  const words = () => ({
    value: args.split(/\s+/).filter(Boolean),
    json: false,
  });
  switch (keyword) {
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
      return execForm(args) ?? { value: [args], json: false };
    case 'COPY':
    case 'ADD':
    case 'VOLUME':
      return execForm(args) ?? words();
    case 'ENV':
    case 'LABEL':
      return { value: nameValues(args), json: false };
    case 'USER':
    case 'WORKDIR':
    case 'STOPSIGNAL':
    case 'MAINTAINER':
      return { value: [args], json: false };
    case 'HEALTHCHECK': {
      const [type, ...rest] = args.split(/\s+/);
      if (rest.length === 0) return { value: [type], json: false };
      const command = rest.join(' ');
      const exec = execForm(command);
      return {
        value: [type, ...(exec ? exec.value : [command])],
        json: Boolean(exec),
      };
    }
    default:
      return words();
  }
}

function execForm(args: string): { value: string[]; json: true } | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every(v => typeof v === 'string')
      ? { value: parsed, json: true }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * ENV and LABEL: `k=v` pairs become `[k, v, '=']` triples, the legacy
 * `ENV key some value` becomes `[key, 'some value', '']`; values keep their
 * quotes, as BuildKit's parse tree does.
 */
function nameValues(args: string): string[] {
  const tokens = args.match(/(?:[^\s"']+|"(?:\\.|[^"\\])*"|'[^']*')+/g) ?? [];
  const [key] = tokens;
  if (key !== undefined && !key.includes('=')) {
    return [key, args.slice(args.indexOf(key) + key.length).trim(), ''];
  }
  return tokens.flatMap(token => {
    const at = token.indexOf('=');
    return at < 0
      ? [token, '', '=']
      : [token.slice(0, at), token.slice(at + 1), '='];
  });
}
