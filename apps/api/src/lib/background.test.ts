import { expect, it, vi } from 'vitest';
import { runInBackground } from './background';

it('logs a failing task with its name and context instead of leaving the rejection unhandled', async () => {
  const error = vi.fn();
  const unhandled = vi.fn();
  process.on('unhandledRejection', unhandled);
  try {
    runInBackground({ error }, 'deliver-outbound', { messageId: 'm1' }, async () => {
      throw new Error('P2025: record not found');
    });
    // A task that throws before its first await is owned the same way.
    runInBackground({ error }, 'first-poll', { installId: 'i1' }, () => {
      throw new Error('sync failure');
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(error).toHaveBeenCalledTimes(2);
    expect(error.mock.calls[0]?.[0]).toMatchObject({ task: 'deliver-outbound', messageId: 'm1' });
    expect(error.mock.calls[1]?.[0]).toMatchObject({ task: 'first-poll', installId: 'i1' });
    expect(unhandled).not.toHaveBeenCalled();
  } finally {
    process.off('unhandledRejection', unhandled);
  }
});
