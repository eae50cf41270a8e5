/** @module The 10-line Preact binding for zustand/vanilla stores: re-render when the selected slice changes. */
import { useEffect, useState } from 'preact/hooks';
import type { StoreApi } from 'zustand/vanilla';

export function useStore<T, S>(store: StoreApi<T>, select: (state: T) => S): S {
  const [value, setValue] = useState(() => select(store.getState()));
  useEffect(() => {
    setValue(() => select(store.getState()));
    return store.subscribe((state) => setValue(() => select(state)));
  }, [store]);
  return value;
}
