// Regenerates the rule table in README.md (between the rules:start/end markers) from each rule's meta.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../server/src/core/rules/index';

export function rulesTable(): string {
  const rows = [...ALL_RULES]
    .sort((a, b) => a.meta.id.localeCompare(b.meta.id))
    .map((r) => `| [${r.meta.id}](docs/rules/${r.meta.id}.md) | ${r.meta.defaultSeverity} | ${r.meta.hadolint ?? ''} | ${r.meta.fixable ? 'yes' : ''} | ${r.meta.description.replace(/\|/g, '\\|')} |`);
  return ['| rule | default | hadolint | fix | what it finds |', '|---|---|---|---|---|', ...rows].join('\n');
}

if (require.main === module) {
  const readme = path.resolve(__dirname, '../README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const next = text.replace(/(<!-- rules:start -->\n)[\s\S]*?(\n<!-- rules:end -->)/, `$1${rulesTable()}$2`);
  fs.writeFileSync(readme, next);
}
