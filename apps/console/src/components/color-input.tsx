import { useId } from 'react';

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
