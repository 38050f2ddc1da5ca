import { describe, expect, it } from 'vitest';
import { fileSize, playTime } from './file-size';

describe('file sizes and play times', () => {
  it('says a size in the reader’s units and decimals', () => {
    expect(fileSize(512, 'en')).toBe('512 byte');
    expect(fileSize(2_400_000, 'en')).toBe('2.4 MB');
    expect(fileSize(2_400_000, 'es')).toBe('2,4 MB');
    expect(fileSize(84_000, 'en')).toBe('84 kB');
  });

  it('says a length as minutes and seconds', () => {
    expect(playTime(7.4)).toBe('0:07');
    expect(playTime(751)).toBe('12:31');
  });
});
