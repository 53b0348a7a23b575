import { type ReactNode, useEffect, useId } from 'react';
import { type MessageDescriptor, useIntl } from 'react-intl';

/** A console page: its heading doubles as the document title, so tabs and history read well. */
export function Page({
  title,
  description,
  children,
}: {
  title: MessageDescriptor;
  description?: ReactNode;
  children: ReactNode;
}) {
  const intl = useIntl();
  const text = intl.formatMessage(title);
  useEffect(() => {
    document.title = `${text} · Parley`;
  }, [text]);
  return (
    <div className="page">
      <header className="page-header">
        <h1>{text}</h1>
        {description ? <p className="page-description">{description}</p> : null}
      </header>
      {children}
    </div>
  );
}

export function Section({
  title,
  description,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <header className="card-header">
        <h2 id={id}>{title}</h2>
        {description ? <p className="card-description">{description}</p> : null}
      </header>
      <div className="card-body">{children}</div>
    </section>
  );
}
