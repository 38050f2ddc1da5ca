import { AppError } from '@/server/errors';
import { commonPasswords } from './common-passwords';
import { hashPassword } from './password';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password-strength';

const explanation = {
  password_too_short: `at least ${MIN_PASSWORD_LENGTH} characters`,
  password_too_common: 'too common: it is on a list of leaked passwords; choose another',
} as const;

/**
 * The stored hash of a password a person is setting (first run, an invitation, a reset, a
 * change), once it meets the rule of SPEC §15; otherwise INVALID_INPUT naming `field`, with the
 * reason for the screen to explain in the person's language.
 */
export async function newPasswordHash(password: string, field: string): Promise<string> {
  const problem = passwordProblem(password, commonPasswords());
  if (problem) throw new AppError('INVALID_INPUT', `${field}: ${explanation[problem]}`, { field, reason: problem });
  return hashPassword(password);
}
