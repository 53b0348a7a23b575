import { useEffect, useId, useState } from 'react';

/**
 * The colour of a row that saves itself, as Manage → Tags and Customer processes do: the picker
 * reports every step of a drag, so `save` runs once it rests, and only for a real change. `save` must
 * be stable (a react-query `mutate` is).
 */
export function useAutosavedColor<T extends string | null>(saved: T, save: (color: string) => void) {
  const [color, setColor] = useState<T>(saved);
  useEffect(() => setColor(saved), [saved]);
  useEffect(() => {
    if (color === null || color.toLowerCase() === saved?.toLowerCase()) return;
    const timer = setTimeout(() => save(color), 400);
    return () => clearTimeout(timer);
  }, [color, saved, save]);
  return [color, setColor] as const;
}

/** A labelled native colour picker; `hiddenLabel` keeps the label for screen readers only (in rows). */
export function ColorInput({
  label,
  value,
  onChange,
  hiddenLabel = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hiddenLabel?: boolean;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className={hiddenLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <input id={id} type="color" value={value} onChange={(event) => onChange(event.target.value)} />
    </>
  );
}
