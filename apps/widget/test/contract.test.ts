/**
 * The widget keeps its own copy of the wire contract (src/types.ts) so its bundle has no runtime
 * dependency on the API. These checks hold that copy to the API's types: events, outputs and limits
 * must be EXACTLY the API's (a field the API adds or drops fails here), inputs must be accepted by it.
 * Everything from the API is imported type-only, so nothing of it reaches the bundle. `tsc`
 * (`npm run typecheck`) is what fails on a drift; vitest runs the file too, where it costs nothing.
 */
import type { AppRouter, CONTACT_NAME_MAX, MESSAGE_MAX, RATING_COMMENT_MAX, SNAPSHOT_MAX } from '@parley/api';

import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { describe, expectTypeOf, it } from 'vitest';
import type { Locale } from '../src/i18n/names';
import {
  type HistoryOutput,
  LIMITS,
  type OfflineMessageInput,
  type RATING_COMMENT_LIMIT,
  type RateInput,
  type SendInput,
  type StartCallOutput,
  type StartInput,
  type StartOutput,
  type TranscriptInput,
  type Visitor,
  type WidgetEvent,
  type WidgetMessage,
  type WidgetRating,
} from '../src/types';

type In = inferRouterInputs<AppRouter>['widget'];
type Out = inferRouterOutputs<AppRouter>['widget'];
/** One item of `widget.events`: tracked events arrive as `{ id, data }`, ephemeral ones bare. */
type EventItem = Out['events'] extends AsyncIterable<infer TItem> ? TItem : never;
type ApiWidgetEvent = Extract<EventItem, { type: string }>;

describe('the widget contract matches the API', () => {
  it('has exactly the API event union', () => {
    expectTypeOf<WidgetEvent>().toEqualTypeOf<ApiWidgetEvent>();
    expectTypeOf<Extract<EventItem, { data: unknown }>['data']>().toEqualTypeOf<ApiWidgetEvent>();
  });

  it('reads exactly what the API answers', () => {
    expectTypeOf<StartOutput>().toEqualTypeOf<Out['start']>();
    expectTypeOf<WidgetMessage>().toEqualTypeOf<Out['send']>();
    expectTypeOf<HistoryOutput>().toEqualTypeOf<Out['history']>();
    expectTypeOf<Visitor>().toEqualTypeOf<Out['setContact']>();
    expectTypeOf<StartCallOutput>().toEqualTypeOf<inferRouterOutputs<AppRouter>['calls']['start']>();
    expectTypeOf<WidgetRating>().toEqualTypeOf<Out['rate']>();
    expectTypeOf<WidgetRating | null>().toEqualTypeOf<Out['rating']>();
    expectTypeOf<{ ok: true; to: string }>().toEqualTypeOf<Out['transcript']>();
  });

  it('sends what the API accepts', () => {
    expectTypeOf<StartInput>().toExtend<In['start']>();
    expectTypeOf<SendInput>().toExtend<In['send']>();
    expectTypeOf<OfflineMessageInput>().toExtend<In['offlineMessage']>();
    expectTypeOf<{ text: string }>().toExtend<In['typing']>();
    expectTypeOf<{ before?: string }>().toExtend<In['history']>();
    type CallsIn = inferRouterInputs<AppRouter>['calls'];
    expectTypeOf<{ callId: string; signal: import('../src/types').CallSignal }>().toExtend<
      CallsIn['visitorSignal']
    >();
    expectTypeOf<{ callId: string; reason?: 'hangup' | 'failed' }>().toExtend<CallsIn['visitorHangup']>();
    expectTypeOf<RateInput>().toExtend<In['rate']>();
    expectTypeOf<TranscriptInput>().toExtend<In['transcript']>();
    expectTypeOf<{ conversationId: string }>().toExtend<In['end']>();
  });

  it('has exactly the API limits', () => {
    expectTypeOf(LIMITS.body).toEqualTypeOf<typeof MESSAGE_MAX>();
    expectTypeOf(LIMITS.typing).toEqualTypeOf<typeof MESSAGE_MAX>();
    expectTypeOf(LIMITS.name).toEqualTypeOf<typeof CONTACT_NAME_MAX>();
    expectTypeOf(LIMITS.snapshot).toEqualTypeOf<typeof SNAPSHOT_MAX>();
    expectTypeOf<typeof RATING_COMMENT_LIMIT>().toEqualTypeOf<typeof RATING_COMMENT_MAX>();
  });

  it('has exactly the API languages (G5: the channel setting, the widget catalogues)', () => {
    expectTypeOf<'auto' | Locale>().toEqualTypeOf<Out['start']['channel']['config']['language']>();
  });
});
