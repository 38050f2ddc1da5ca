import { describe, expect, it } from 'vitest';
import { nextEmojiIndex } from './emoji-picker';

describe('moving through the emoji grid from the keyboard (8 columns, 40 emoji)', () => {
  it('arrows move by one and by a row', () => {
    expect(nextEmojiIndex(0, 'ArrowRight')).toBe(1);
    expect(nextEmojiIndex(9, 'ArrowLeft')).toBe(8);
    expect(nextEmojiIndex(3, 'ArrowDown')).toBe(11);
    expect(nextEmojiIndex(11, 'ArrowUp')).toBe(3);
  });

  it('stops at the edges of the grid instead of leaving it', () => {
    expect(nextEmojiIndex(0, 'ArrowLeft')).toBe(0);
    expect(nextEmojiIndex(2, 'ArrowUp')).toBe(2);
    expect(nextEmojiIndex(39, 'ArrowRight')).toBe(39);
    expect(nextEmojiIndex(35, 'ArrowDown')).toBe(35);
  });

  it('Home and End go to the ends of the row, never past the last emoji', () => {
    expect(nextEmojiIndex(13, 'Home')).toBe(8);
    expect(nextEmojiIndex(13, 'End')).toBe(15);
    expect(nextEmojiIndex(3, 'End', 5)).toBe(4);
  });

  it('other keys leave the selection where it is', () => {
    expect(nextEmojiIndex(5, 'a')).toBe(5);
  });
});
