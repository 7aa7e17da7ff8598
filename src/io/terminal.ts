// Names and values from a scanned repository are data. Printed raw, a file name can carry terminal escapes
// (retitle or clear the terminal, hide text), a newline that starts a line of its choosing, or a
// bidirectional override that reorders what the reader sees. These are shown as visible escapes instead.

// C0 controls but tab and newline, DEL, C1 controls, and the Unicode bidi embeddings, overrides and isolates.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_OR_NEWLINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text for a terminal: our own newlines kept, every other control character shown as an escape. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** One line of text: newlines too are shown as escapes, so a value cannot start a line of its own. */
export function oneLineSafe(text: string): string {
  return text.replace(UNSAFE_OR_NEWLINE, visible);
}
