/**
 * Raised for evidence Maestro cannot read: a JSON value that is no known
 * evidence document, an unsupported format version, or a document whose
 * shape breaks its format (for example `components` that is not an array).
 * The message says what was wrong and where, so an upload API or a CLI can
 * show it as is; callers map it to a 400 (`InputError`).
 *
 * @public
 */
export class EvidenceInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvidenceInputError';
  }
}
