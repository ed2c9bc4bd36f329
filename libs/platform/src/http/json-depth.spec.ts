import { nestingDepth } from './json-depth';

describe('nestingDepth', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestingDepth('text', 32)).toBe(0);
    expect(nestingDepth({}, 32)).toBe(1);
    expect(nestingDepth({ items: [{ title: { nl: 'x' } }] }, 32)).toBe(4);
    expect(nestingDepth([[], [[1]]], 32)).toBe(3);
  });

  it('measures 100,000 levels without overflowing the stack, stopping just past the maximum', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(nestingDepth(deep, 32)).toBe(33);
  });

  it('treats a raw upload (a Buffer) as one value, not as its bytes', () => {
    expect(nestingDepth(Buffer.alloc(10_000), 32)).toBe(0);
  });
});
