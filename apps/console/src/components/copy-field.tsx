import { useEffect, useId, useRef, useState } from 'react';
import { defineMessages, FormattedMessage } from 'react-intl';

const messages = defineMessages({
  copy: { id: 'common.copy', defaultMessage: 'Copy' },
  copied: { id: 'common.copied', defaultMessage: 'Copied' },
});

/** A read-only value with a copy button; falls back to selecting the text where the clipboard API is absent. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Plain-HTTP deployments have no clipboard API: select the text so Ctrl+C works.
      input.current?.select();
    }
  }

  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field-row">
        <input id={id} ref={input} readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="button" onClick={copy}>
          {copied ? <FormattedMessage {...messages.copied} /> : <FormattedMessage {...messages.copy} />}
        </button>
      </div>
      <span className="visually-hidden" aria-live="polite">
        {copied ? <FormattedMessage {...messages.copied} /> : null}
      </span>
    </div>
  );
}
