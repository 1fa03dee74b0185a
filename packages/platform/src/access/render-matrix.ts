// Renders the access matrix as the Markdown table published in docs/access.md.
import { Role } from '../auth/identity';
import { ACCESS_MATRIX, FieldGroup, type Action } from './matrix';

const ACTION_LETTER: Record<Action, string> = { read: 'R', write: 'W' };

/** One row per field group, one column per role; a cell lists `R`/`W` with their relations. */
export function renderAccessMatrix(): string {
  const roles = Object.values(Role);
  const header = `| field group | ${roles.join(' | ')} |\n|---|${roles.map(() => '---').join('|')}|`;
  const rows = Object.values(FieldGroup).map((group) => {
    const cells = roles.map((role) => {
      const grant = ACCESS_MATRIX[role][group];
      if (!grant) return '—';
      return (['read', 'write'] as const)
        .filter((action) => grant[action]?.length)
        .map((action) => `${ACTION_LETTER[action]}: ${grant[action]!.join(', ')}`)
        .join('<br>');
    });
    return `| ${group} | ${cells.join(' | ')} |`;
  });
  return [header, ...rows].join('\n');
}
