// The report formats and the file each is written to: read by the command line before anything heavy loads.

export const FORMATS = ['json', 'md', 'html', 'sarif', 'cyclonedx', 'summary'] as const;
export type Format = (typeof FORMATS)[number];

export const REPORT_FILE: Record<Format, string> = { json: 'report.json', md: 'report.md', html: 'report.html', sarif: 'report.sarif', cyclonedx: 'ai-bom.cdx.json', summary: 'summary.md' };
