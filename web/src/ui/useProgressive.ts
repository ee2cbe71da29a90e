import { useEffect, useState } from "react";

/**
 * The first `chunk` items at once, then `chunk` more per animation frame: a long list (200 host tiles) is
 * mounted in short tasks instead of one long one that would freeze the page.
 */
export function useProgressive<T>(items: T[], chunk = 10): T[] {
  const [count, setCount] = useState(chunk);
  const complete = count >= items.length;
  useEffect(() => {
    if (complete) return;
    const frame = requestAnimationFrame(() => setCount((c) => c + chunk));
    return () => cancelAnimationFrame(frame);
  }, [complete, count, chunk]);
  return complete ? items : items.slice(0, count);
}
