/** One-line, shortened instruction text for the reports. */
import { shortInstruction } from '../features/summary';

/**
 * shortInstruction, without its three passes over text that has no blank but single spaces between words (every
 * row and line of most reports): such text is its own one-line form.
 */
export function shortText(text: string, max: number): string {
  if (NEEDS_TIDY.test(text)) return shortInstruction(text, max);
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** Text shortInstruction would change before shortening: a blank other than a space, two spaces, or one at an end. */
const NEEDS_TIDY = /[^\S ]|  |^ | $/;
