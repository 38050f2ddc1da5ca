import { describe, expect, it } from 'vitest';
import { commonPasswords } from './common-passwords';
import { passwordProblem } from './password-strength';

describe('the password rule (SPEC §15)', () => {
  const common = commonPasswords();

  it('refuses fewer than 12 characters, counting characters rather than UTF-16 units', () => {
    expect(passwordProblem('eleven-char', common)).toBe('password_too_short');
    expect(passwordProblem('twelve-chars', common)).toBeNull();
    // Eleven emoji are 22 UTF-16 units and still eleven characters.
    expect(passwordProblem('🌵'.repeat(11), common)).toBe('password_too_short');
  });

  it('refuses a common password however it is capitalised', () => {
    expect(passwordProblem('password1234', common)).toBe('password_too_common');
    expect(passwordProblem('Password1234', common)).toBe('password_too_common');
    expect(passwordProblem('QWERTYUIOP123', common)).toBe('password_too_common');
    expect(passwordProblem('correct horse battery', common)).toBeNull();
  });

  it('ships a list of passwords long enough to matter, without its comment lines', () => {
    expect(common.size).toBeGreaterThan(1000);
    for (const entry of common) {
      expect([...entry].length, entry).toBeGreaterThanOrEqual(12);
      expect(entry).toBe(entry.toLowerCase());
    }
  });
});
