// Reading README.md in tests: a section by its `## ` title, and the fenced code blocks in it.
import { readFileSync } from 'node:fs';

export const readme = readFileSync('README.md', 'utf8');

/** The text of `## <title>` up to the next `## ` heading (throws when there is no such section). */
export function readmeSection(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`README.md has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** The fenced blocks of `language` in `text`, in order, without their fences. */
export function fencedBlocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]!);
}
