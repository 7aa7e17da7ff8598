/**
 * PEP 503 normalisation: pip treats `Google_Generativeai`, `google-generativeai` and
 * `google.generativeai` as one project, so every Python manifest must agree on one spelling.
 */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
