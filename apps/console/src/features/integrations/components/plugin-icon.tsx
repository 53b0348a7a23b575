/**
 * A plugin's icon from its manifest (an https URL, or a file of its package sent as a data: URL),
 * or its initial when it has none. Decorative: the plugin's name is always written beside it.
 */
export function PluginIcon({ url, name }: { url: string | null | undefined; name: string }) {
  if (url) {
    return <img className="plugin-icon" src={url} alt="" aria-hidden="true" width={24} height={24} />;
  }
  return (
    <span className="plugin-icon plugin-icon-initial" aria-hidden="true">
      {name.trim().charAt(0).toUpperCase() || '?'}
    </span>
  );
}
