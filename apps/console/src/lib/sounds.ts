import type { TSoundChoice } from './sound-preferences';

/**
 * Notification sounds synthesised with the Web Audio API: no binary assets to ship or cache. Each sound is
 * a few short notes (frequency in Hz, start and length in seconds).
 */
type TNote = { frequency: number; start: number; length: number; type?: OscillatorType };

const SOUNDS: Record<TSoundChoice | 'visitor', TNote[]> = {
  chime: [
    { frequency: 880, start: 0, length: 0.18 },
    { frequency: 1318.5, start: 0.14, length: 0.32 },
  ],
  bell: [
    { frequency: 1046.5, start: 0, length: 0.6, type: 'triangle' },
    { frequency: 1568, start: 0, length: 0.4 },
  ],
  pop: [
    { frequency: 520, start: 0, length: 0.08, type: 'square' },
    { frequency: 780, start: 0.09, length: 0.1, type: 'square' },
  ],
  visitor: [{ frequency: 660, start: 0, length: 0.15, type: 'triangle' }],
};

let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (typeof window === 'undefined' || typeof window.AudioContext === 'undefined') return null;
  context ??= new window.AudioContext();
  return context;
}

/**
 * Plays a sound at a volume of 0..1. Browsers only allow audio after the user interacted with the page;
 * before that this is silently a no-op (the card is still shown).
 */
export function playSound(sound: TSoundChoice | 'visitor', volume: number): void {
  const audio = audioContext();
  if (!audio || volume <= 0) return;
  if (audio.state === 'suspended') void audio.resume().catch(() => {});
  const now = audio.currentTime + 0.01;
  const master = audio.createGain();
  master.gain.value = Math.min(1, volume) * 0.4;
  master.connect(audio.destination);
  for (const note of SOUNDS[sound]) {
    const oscillator = audio.createOscillator();
    const envelope = audio.createGain();
    oscillator.type = note.type ?? 'sine';
    oscillator.frequency.value = note.frequency;
    envelope.gain.setValueAtTime(0.0001, now + note.start);
    envelope.gain.exponentialRampToValueAtTime(1, now + note.start + 0.015);
    envelope.gain.exponentialRampToValueAtTime(0.0001, now + note.start + note.length);
    oscillator.connect(envelope).connect(master);
    oscillator.start(now + note.start);
    oscillator.stop(now + note.start + note.length + 0.05);
  }
}
