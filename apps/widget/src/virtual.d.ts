/** Built by the `parley-emoji-data` plugin in vite.config.ts. */
declare module 'virtual:emoji-data' {
  const entries: import('./lib/emoji-data').EmojiEntry[];
  export default entries;
}
