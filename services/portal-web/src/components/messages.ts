/** The shared components' words, Dutch first (spread into i18n/messages.ts). */
export const componentMessages = {
  'table.scrollHint': [
    'De tabel is breder dan het scherm: veeg of scroll opzij (of gebruik de pijltjestoetsen) voor de andere kolommen.',
    'The table is wider than the screen: swipe or scroll sideways (or use the arrow keys) for the other columns.',
  ],
} as const satisfies Record<string, readonly [string, string]>;
