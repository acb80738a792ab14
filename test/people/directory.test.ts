import { describe, expect, it } from 'vitest';
import { supervisorOf, colleaguesOf } from '../../src/kernel/directory';
import type { Department, Person } from '../../src/kernel/ports';

const person = (id: number, departmentIds: number[], active = true): Person => ({
  id,
  name: `N${id}`,
  lastName: `L${id}`,
  active,
  departmentIds,
});
const people = new Map(
  [
    person(1, [1]),
    person(5, [3]),
    person(7, [3]),
    person(8, [3]),
    person(9, [4]),
    person(11, [6], false),
    person(12, [6]),
  ].map((p) => [p.id, p]),
);
const departments = new Map<number, Department>(
  [
    { id: 1, name: 'Компания', parentId: null, headId: 1 },
    { id: 3, name: 'Продажи', parentId: 1, headId: 5 },
    { id: 4, name: 'Колл-центр', parentId: 1, headId: null },
    { id: 6, name: 'Филиал', parentId: 1, headId: 11 },
  ].map((d) => [d.id, d]),
);

describe('supervisorOf', () => {
  it('when the department has a head, then that head is the supervisor', () =>
    expect(supervisorOf(7, people, departments)).toBe(5));
  it('when the manager heads the department, then the parent department head is', () =>
    expect(supervisorOf(5, people, departments)).toBe(1));
  it('when the department has no head, then climb to the parent', () =>
    expect(supervisorOf(9, people, departments)).toBe(1));
  it('when the head is deactivated, then climb to the parent', () =>
    expect(supervisorOf(12, people, departments)).toBe(1));
  it('when there is nobody above, then null', () => expect(supervisorOf(1, people, departments)).toBeNull());
  it('when the user is unknown, then null', () => expect(supervisorOf(99, people, departments)).toBeNull());
});

describe('colleaguesOf', () => {
  it('when asked for a manager, then the active people of the department except them', () => {
    expect(colleaguesOf(7, people).map((p) => p.id)).toEqual([5, 8]);
    expect(colleaguesOf(12, people).map((p) => p.id)).toEqual([]);
  });
});
