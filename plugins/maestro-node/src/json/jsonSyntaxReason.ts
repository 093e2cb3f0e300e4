/**
 * Why JSON.parse refused a text, without quoting the text. V8's messages
 * quote the input around the error ("Unexpected token 'x', "{"a": x" is not
 * valid JSON"); error responses must not echo what was sent, so the quote is
 * replaced by the position where V8 gives one.
 *
 * @public
 */
export function jsonSyntaxReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /^(Unexpected token) '.*?', ".*"(?:\.\.\.)? is not valid JSON$/s;
  if (quoted.test(message)) return message.replace(quoted, '$1');
  // Messages with a position name no input: "Unterminated string in JSON at position 4 (line 1 column 5)".
  if (/^[^"']*(?:'[^']?'[^"']*)*$/.test(message) && message.length <= 200) {
    return message;
  }
  return 'malformed JSON';
}
