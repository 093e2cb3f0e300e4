/**
 * Raised for input the engine cannot check: malformed YAML, binary or empty
 * files, over-large documents, invalid exemption files. The message always
 * names the file so a CLI or gate can show it as is.
 *
 * @public
 */
export class PolicyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyInputError';
  }
}

/** Larger documents are refused rather than parsed, to bound memory and time. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Shared guards for every text the engine reads. */
export function assertReadableText(file: string, content: string): void {
  if (Buffer.byteLength(content, 'utf8') > MAX_DOCUMENT_BYTES) {
    throw new PolicyInputError(
      `${file}: document is larger than ${MAX_DOCUMENT_BYTES} bytes (10 MB) and was not checked`,
    );
  }
  if (content.includes('\u0000')) {
    throw new PolicyInputError(
      `${file}: looks like a binary file (contains NUL bytes), expected text`,
    );
  }
}
