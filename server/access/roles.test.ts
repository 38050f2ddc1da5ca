import { describe, expect, it } from 'vitest';
import { isAdmin, isLead, isManager, type Role } from './roles';

const ladder: Role[] = ['agent', 'supervisor', 'manager', 'admin'];
const holding = (predicate: (role: Role) => boolean) => ladder.filter(predicate);

describe('the role ladder', () => {
  it('leads are supervisors, managers and admins', () => {
    expect(holding(isLead)).toEqual(['supervisor', 'manager', 'admin']);
  });

  it('managers are managers and admins', () => {
    expect(holding(isManager)).toEqual(['manager', 'admin']);
  });

  it('admins are admins only', () => {
    expect(holding(isAdmin)).toEqual(['admin']);
  });
});
