declare module 'hoodiecrow-imap' {
  interface HoodiecrowServer {
    listen(port: number, host: string, callback: () => void): void;
    close(callback?: () => void): void;
    server: import('node:net').Server;
    appendMessage(mailbox: string, flags: string[], internaldate: string | undefined, raw: string): unknown;
    getMailbox(path: string): { messages: { flags: string[]; raw: string; uid: number }[] };
  }
  function hoodiecrow(options: {
    plugins?: string[];
    storage?: Record<string, unknown>;
    users?: Record<string, { password: string }>;
    debug?: boolean;
  }): HoodiecrowServer;
  export default hoodiecrow;
}
