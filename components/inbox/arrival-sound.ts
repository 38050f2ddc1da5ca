'use client';
import { useCallback, useEffect, useState } from 'react';

const KEY = 'cadence.arrivalSound';

/** A short two-note chime, made by the browser: no file to load. */
function chime(): void {
  const audio = new AudioContext();
  for (const [i, frequency] of [880, 1320].entries()) {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    const start = audio.currentTime + i * 0.12;
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.08, start);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
    tone.connect(gain).connect(audio.destination);
    tone.start(start);
    tone.stop(start + 0.25);
  }
  setTimeout(() => void audio.close(), 800);
}

/** The optional sound for new arrivals: off unless this browser was told otherwise (kept in localStorage). */
export function useArrivalSound() {
  const [enabled, setEnabled] = useState(false);
  useEffect(() => setEnabled(localStorage.getItem(KEY) === 'on'), []);
  const toggle = useCallback(() => {
    setEnabled((on) => {
      localStorage.setItem(KEY, on ? 'off' : 'on');
      return !on;
    });
  }, []);
  const play = useCallback(() => {
    if (enabled) chime();
  }, [enabled]);
  return { enabled, toggle, play };
}
