import { playSound } from '../../../lib/sounds';
import { useMe } from '../../../lib/use-me';
import { useLiveEvents } from '../../live';
import { useSoundPreferences } from '../sound-store';

/** J4: the optional sound when a new visitor arrives on one of the sites. */
export function VisitorArrivalSound() {
  const me = useMe();
  const [sounds] = useSoundPreferences(me.id);
  useLiveEvents((event, meta) => {
    if (event.type === 'visitor' && meta.newVisitor && sounds.newVisitor && me.notificationType !== 'off') {
      playSound('visitor', sounds.volume);
    }
  });
  return null;
}
