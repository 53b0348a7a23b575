let audio: AudioContext | null = null;

/**
 * Two soft notes from Web Audio: no sound file to download. Browsers may refuse to play before the
 * visitor has interacted with the page (autoplay rules); then it stays silent, the bubble still shows.
 */
export function playChime(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume().catch(() => {});
    const start = audio.currentTime;
    for (const [i, frequency] of [660, 880].entries()) {
      const at = start + i * 0.12;
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.15, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.32);
    }
  } catch {
    // No Web Audio: silence.
  }
}
