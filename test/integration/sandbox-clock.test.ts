import { describe, expect, it } from 'vitest';
import { generatePractice } from '../../src/sandbox/generator.js';
import { SandboxState } from '../../src/sandbox/state.js';

// The emulator's clock: a practice generated for the caller's today runs on the caller's time (so a
// card saved through a Cash Practice link is newer than the link trackstat made); another day
// starts at 08:00 practice time.
describe('sandbox clock', () => {
  const practice = (today: string) =>
    generatePractice({ today, timezone: 'America/New_York', patients: 5, seed: 3 });

  it("starts at the caller's time when the practice is generated for the caller's today", () => {
    const wall = Date.parse('2026-11-27T19:30:00Z'); // 14:30 in New York
    const state = new SandboxState(practice('2026-11-27'), () => wall);
    expect(state.now()).toBe(wall / 1000);
  });

  it('starts at 08:00 practice time on another day', () => {
    const wall = Date.parse('2026-11-27T19:30:00Z');
    const state = new SandboxState(practice('2026-03-10'), () => wall);
    expect(state.now()).toBe(Date.parse('2026-03-10T12:00:00Z') / 1000); // 08:00 EDT
  });

  it('before 08:00 the day still starts at 08:00', () => {
    const wall = Date.parse('2026-11-27T10:00:00Z'); // 05:00 in New York
    const state = new SandboxState(practice('2026-11-27'), () => wall);
    expect(state.now()).toBe(Date.parse('2026-11-27T13:00:00Z') / 1000);
  });
});
