import { describe, expect, it } from 'vitest';
import { databaseReason, isTransientDatabaseError } from './transient';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
/** As drizzle throws it: its own error, the driver's as the cause. */
const wrapped = (cause: Error) => Object.assign(new Error('Failed query: insert into "messages" ... params: secret text'), { cause });

describe('which database errors a retry can fix', () => {
  it('the database away, shutting down, busy, or a lost race', () => {
    for (const code of ['CONNECTION_ENDED', 'ECONNREFUSED', '08006', '57P01', '53300', '40001', '40P01']) {
      expect(isTransientDatabaseError(wrapped(pgError(code, 'x'))), code).toBe(true);
    }
    expect(isTransientDatabaseError(wrapped(new Error('PGlite is closed')))).toBe(true);
  });

  it('not a value refused, a limit exceeded or a bug', () => {
    for (const code of ['22021', '22008', '54000', '23505', '42703']) expect(isTransientDatabaseError(wrapped(pgError(code, 'x'))), code).toBe(false);
    expect(isTransientDatabaseError(new RangeError('Invalid time value'))).toBe(false);
  });

  it("names the database's reason, not the query with its parameters", () => {
    expect(databaseReason(wrapped(pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00')))).toBe('22021: invalid byte sequence for encoding "UTF8": 0x00');
  });
});
