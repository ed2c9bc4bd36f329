import { Correlation } from './correlation';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Correlation', () => {
  it('has no current id outside any piece of work', () => {
    expect(Correlation.current()).toBeUndefined();
  });

  it('makes the id current while the work runs, and returns what the work returns', () => {
    const result = Correlation.run('request-1', () => `seen ${Correlation.current()}`);

    expect(result).toBe('seen request-1');
    expect(Correlation.current()).toBeUndefined();
  });

  it('nests: the inner id hides the outer one and the outer one is restored afterwards', () => {
    const seen: (string | undefined)[] = [];

    Correlation.run('outer', () => {
      seen.push(Correlation.current());
      Correlation.run('inner', () => {
        seen.push(Correlation.current());
      });
      seen.push(Correlation.current());
    });
    seen.push(Correlation.current());

    expect(seen).toEqual(['outer', 'inner', 'outer', undefined]);
  });

  it('restores the outer id even when the inner work throws', () => {
    Correlation.run('outer', () => {
      expect(() =>
        Correlation.run('inner', () => {
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(Correlation.current()).toBe('outer');
    });
  });

  it.each([undefined, ''])('starts a fresh id when given %p', (given) => {
    const first = Correlation.run(given, () => Correlation.current());
    const second = Correlation.run(given, () => Correlation.current());

    expect(first).toMatch(UUID_PATTERN);
    expect(second).toMatch(UUID_PATTERN);
    expect(first).not.toBe(second);
  });

  it('follows the work across awaits and timers, without mixing up concurrent pieces of work', async () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const work = (id: string, delay: number) =>
      Correlation.run(id, async () => {
        await pause(delay);
        const afterPause = Correlation.current();
        await Promise.resolve();
        return [afterPause, Correlation.current()];
      });

    const results = await Promise.all([work('a', 20), work('b', 5), work('c', 10)]);

    expect(results).toEqual([
      ['a', 'a'],
      ['b', 'b'],
      ['c', 'c'],
    ]);
    expect(Correlation.current()).toBeUndefined();
  });

  it('enter() binds the rest of the current flow to an id and returns it', () => {
    Correlation.run('outer', () => {
      const id = Correlation.enter('hook-1');

      expect(id).toBe('hook-1');
      expect(Correlation.current()).toBe('hook-1');
    });
    expect(Correlation.current()).toBeUndefined();
  });

  it('enter() without an id starts a fresh one', () => {
    Correlation.run('outer', () => {
      const id = Correlation.enter(undefined);

      expect(id).toMatch(UUID_PATTERN);
      expect(Correlation.current()).toBe(id);
    });
  });
});
