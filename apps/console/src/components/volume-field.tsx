import { type ReactNode, useId } from 'react';

/**
 * A volume slider (0–1 in steps of 5 %, read out as a percentage) with a button that plays the sound
 * at that volume: the notification sounds page and Settings → Calls' ringtone share it.
 */
export function VolumeField({
  label,
  testLabel,
  value,
  disabled = false,
  onChange,
  onTest,
}: {
  label: ReactNode;
  testLabel: ReactNode;
  value: number;
  disabled?: boolean;
  onChange: (volume: number) => void;
  onTest: () => void;
}) {
  const id = useId();
  const percent = Math.round(value * 100);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="volume-row">
        <input
          id={id}
          type="range"
          min={0}
          max={100}
          step={5}
          disabled={disabled}
          value={percent}
          aria-valuetext={`${percent}%`}
          onChange={(event) => onChange(Number(event.target.value) / 100)}
        />
        <button type="button" className="button button-small" onClick={onTest}>
          {testLabel}
        </button>
      </div>
    </div>
  );
}
