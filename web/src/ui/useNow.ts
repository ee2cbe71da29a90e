import { useSyncExternalStore } from "react";

/** One shared 1 s clock for every elapsed-time display on the page (not one timer per tile). */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const snapshot = () => now;
const idle = () => () => {};

/** The current time, ticking every second while `active`. */
export function useNow(active: boolean) {
  return useSyncExternalStore(active ? subscribe : idle, snapshot, snapshot);
}
