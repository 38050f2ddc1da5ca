/*
 * The rule every password a person sets must meet (SPEC §15): at least 12 characters and not on
 * a list of common passwords. The list is handed in, so the rule stays pure and the browser can
 * check the length with an empty one.
 */

export const MIN_PASSWORD_LENGTH = 12;

export type PasswordProblem = 'password_too_short' | 'password_too_common';

/** What is wrong with a new password, or null. Length counts characters, not UTF-16 units; the list is matched lowercased. */
export function passwordProblem(password: string, common: ReadonlySet<string>): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'password_too_short';
  if (common.has(password.toLowerCase())) return 'password_too_common';
  return null;
}
