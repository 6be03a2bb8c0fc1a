/** Loads something for a page, with reload and local updates; a stale answer never overwrites a newer one. */
import { useEffect, useRef, useState } from "preact/hooks";
import { messageOf } from "../api/client";

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => Promise<void>;
  /** Applies a change the server has confirmed without asking for the whole list again. */
  update: (change: (data: T) => T) => void;
}

export function useResource<T>(load: () => Promise<T>, deps: unknown[] = []): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  async function reload() {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const result = await loader.current();
      if (mine !== generation.current) return;
      setData(result);
      setError(null);
    } catch (err) {
      if (mine === generation.current) setError(messageOf(err));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }

  useEffect(() => {
    void reload();
  }, deps);

  return { data, error, loading, reload, update: (change) => setData((d) => (d === undefined ? d : change(d))) };
}
