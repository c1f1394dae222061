// The SDK's failures as typed data: each carries what a caller needs to report it or act on it.

/** One problem in a values document, as validate() reports it. */
export interface ValuesError {
  /** Where, in dot form: `auth.autoscaling.maxReplicas`, `gateway.tolerations[0].effect`; "" is the top level. */
  path: string;
  message: string;
  /** The offending value, when there is one (not for a missing key). */
  value?: unknown;
  hint?: string;
  /** The JSON Schema keyword that failed (`type`, `enum`, `additionalProperties`, …), `rule` for a cross-field rule, or `cycle`. */
  keyword: string;
}

/** A YAML text that does not parse, with the position of the first problem (1-based). */
export class YamlError extends Error {
  override readonly name = "YamlError";
  readonly reason: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly col: number | undefined;

  constructor(reason: string, position: { file?: string; line?: number; col?: number } = {}) {
    const { file, line, col } = position;
    const where = [file, line, line === undefined ? undefined : col].filter((x) => x !== undefined).join(":");
    super(where ? `${where}: ${reason}` : reason);
    this.reason = reason;
    this.file = file;
    this.line = line;
    this.col = col;
  }
}

/** No usable helm binary; `message` says how to get one. */
export class HelmNotFoundError extends Error {
  override readonly name = "HelmNotFoundError";
}

/** `helm` ran and failed. `stderr` is helm's own message without its "Error: " prefix. */
export class HelmError extends Error {
  override readonly name = "HelmError";
  readonly exitCode: number | undefined;
  readonly stderr: string;
  readonly command: string;

  constructor(exitCode: number | undefined, stderr: string, command: string) {
    super(`helm failed${exitCode === undefined ? "" : ` (exit ${exitCode})`}: ${stderr}\n  command: ${command}`);
    this.exitCode = exitCode;
    this.stderr = stderr;
    this.command = command;
  }
}
