import { describe, expect, it } from 'vitest';
import { landingTab } from './landing';

describe('landing tab', () => {
  it('starts a lead with nothing assigned on all, everyone else on mine', () => {
    expect(landingTab('supervisor', 0)).toBe('all');
    expect(landingTab('manager', 0)).toBe('all');
    expect(landingTab('admin', 0)).toBe('all');
    expect(landingTab('supervisor', 3)).toBe('mine');
    expect(landingTab('agent', 0)).toBe('mine');
    expect(landingTab('agent', 5)).toBe('mine');
  });
});
