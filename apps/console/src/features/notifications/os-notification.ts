/**
 * An OS notification that brings the console forward and runs `onClick` when clicked. Nothing happens
 * without the browser's permission; `tag` makes a newer notification of the same chat replace the older.
 */
export function showOsNotification(title: string, body: string, tag: string, onClick: () => void) {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  try {
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  } catch {
    // Some platforms only allow notifications from a service worker; the in-app card is still there.
  }
}
