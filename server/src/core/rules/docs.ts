/** Where each rule's documentation lives (docs/rules/<id>.md in the repository). */
export const REPOSITORY_URL = 'https://github.com/dockerfile-size-hints/dockerfile-size-hints';

export function ruleDocsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`;
}
