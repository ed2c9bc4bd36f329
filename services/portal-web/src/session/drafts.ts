import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * What a person types survives a session that ends under their hands: every form keeps its
 * fields in sessionStorage (this tab only, gone when it closes) under the page's path, restores
 * them when the person comes back from signing in, and forgets them once saved.
 */
const PREFIX = 'deelwijs.draft:';
const pending = new Map<string, () => void>();

function storageKey(formId: string): string {
  return `${PREFIX}${window.location.pathname}:${formId}`;
}

function read<T>(key: string): T | undefined {
  try {
    const text = sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes every open form now (called before navigating away to sign in). */
export function saveDraftsBeforeLeaving(): void {
  for (const save of pending.values()) {
    save();
  }
}

export function useDraft<T extends object>(
  formId: string,
  initial: T,
): [T, (update: Partial<T>) => void, () => void] {
  const key = storageKey(formId);
  const [value, setValue] = useState<T>(() => ({ ...initial, ...read<Partial<T>>(key) }));
  const latest = useRef(value);
  useEffect(() => {
    latest.current = value;
  }, [value]);
  useEffect(() => {
    const save = () => {
      try {
        sessionStorage.setItem(key, JSON.stringify(latest.current));
      } catch {
        // Storage full or disabled: nothing more to do.
      }
    };
    pending.set(key, save);
    return () => {
      pending.delete(key);
    };
  }, [key]);
  useEffect(() => {
    const timer = setTimeout(() => {
      try {
        sessionStorage.setItem(key, JSON.stringify(value));
      } catch {
        // As above.
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [key, value]);
  const update = useCallback(
    (changes: Partial<T>) => setValue((current) => ({ ...current, ...changes })),
    [],
  );
  const clear = useCallback(() => {
    pending.delete(key);
    try {
      sessionStorage.removeItem(key);
    } catch {
      // As above.
    }
  }, [key]);
  return [value, update, clear];
}
