import { webUrl } from '../links';

/**
 * A page a visitor reported (its title, or its URL when untitled): a link only when it is http(s),
 * plain text otherwise. Either way the text is bidi-isolated, so a right-to-left title cannot reorder
 * what follows it.
 */
export function PageLink({
  url,
  title,
  className,
}: {
  url: string;
  title?: string | null;
  className?: string;
}) {
  const href = webUrl(url);
  const text = <bdi>{title || url}</bdi>;
  if (!href) {
    return (
      <span className={className} title={url}>
        {text}
      </span>
    );
  }
  return (
    <a className={className} href={href} target="_blank" rel="noreferrer noopener" title={url}>
      {text}
    </a>
  );
}
