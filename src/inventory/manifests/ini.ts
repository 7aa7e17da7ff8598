/** section name -> option name (lowercased, as configparser does) -> raw value, continuation lines joined by '\n' */
export type Ini = Map<string, Map<string, string>>;

/**
 * A configparser-compatible reading of the subset setup.cfg uses: `[section]`, `key = value` or
 * `key: value`, values continued on indented lines, whole-line `#`/`;` comments. Lines it cannot
 * place are ignored, so one odd line does not hide the rest of the file.
 */
export function parseIni(text: string): Ini {
  const ini: Ini = new Map();
  let section: Map<string, string> | undefined;
  let key: string | undefined;
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const trimmed = line.trim();
    // A blank line does not end a value: configparser continues it on the next indented line.
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (/^\s/.test(line) && section && key !== undefined) {
      section.set(key, `${section.get(key) ?? ''}\n${trimmed}`);
      continue;
    }
    const header = /^\[([^\]]+)\]/.exec(trimmed);
    if (header?.[1] !== undefined) {
      const name = header[1].trim();
      section = ini.get(name) ?? new Map<string, string>();
      ini.set(name, section);
      key = undefined;
      continue;
    }
    const option = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (option?.[1] !== undefined && section) {
      key = option[1].toLowerCase();
      section.set(key, option[2] ?? '');
    }
  }
  return ini;
}
