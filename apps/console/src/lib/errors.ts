import { defineMessages, type MessageDescriptor } from 'react-intl';

/**
 * The server reports failures with stable ids (`data.appCode`, `data.fieldErrors`); the console owns the
 * wording. Any id we don't know falls back to a generic message so a new server code never shows raw text.
 */
export const appErrorMessages = defineMessages({
  'auth.email_unverified': {
    id: 'error.auth.email_unverified',
    defaultMessage: 'Confirm your email address first: open the link we sent you.',
  },
  'auth.choice_expired': {
    id: 'error.auth.choice_expired',
    defaultMessage: 'This step took too long. Log in again.',
  },
  'signup.closed': { id: 'error.signup.closed', defaultMessage: 'Sign-up is closed on this server.' },
  'plan.limit_reached': {
    id: 'error.plan.limit_reached',
    defaultMessage: 'Your plan’s limit is reached. The Pro page shows your plan and its usage.',
  },
  'plan.feature_unavailable': {
    id: 'error.plan.feature_unavailable',
    defaultMessage: 'Your plan does not include this. The Pro page shows what it includes.',
  },
  'plan.key_taken': { id: 'error.plan.key_taken', defaultMessage: 'A plan with this key already exists.' },
  'plan.default_archive': {
    id: 'error.plan.default_archive',
    defaultMessage: 'The default plan can’t be archived. Make another plan the default first.',
  },
  'plan.archived': { id: 'error.plan.archived', defaultMessage: 'This plan is archived. Restore it first.' },
  'signup.invite_invalid': {
    id: 'error.signup.invite_invalid',
    defaultMessage: 'This invitation code is not valid.',
  },
  'signup.link_invalid': {
    id: 'error.signup.link_invalid',
    defaultMessage: 'This confirmation link is invalid, used or expired. Ask for a new one.',
  },
  'auth.invalid_credentials': {
    id: 'error.auth.invalid_credentials',
    defaultMessage: 'That email and password don’t match an account.',
  },
  'auth.rate_limited': {
    id: 'error.auth.rate_limited',
    defaultMessage: 'Too many attempts. Wait a minute and try again.',
  },
  'auth.required': {
    id: 'error.auth.required',
    defaultMessage: 'Your session has ended. Please log in again.',
  },
  'auth.disabled': {
    id: 'error.auth.disabled',
    defaultMessage: 'This account is disabled. Ask an admin of your team.',
  },
  'setup.already_done': {
    id: 'error.setup.already_done',
    defaultMessage: 'This Parley is already set up. Log in instead.',
  },
  'invitation.invalid': {
    id: 'error.invitation.invalid',
    defaultMessage: 'This invitation link is invalid or has expired.',
  },
  'email.taken': { id: 'error.email.taken', defaultMessage: 'This email address is already in use.' },
  'password.too_short': {
    id: 'error.password.too_short',
    defaultMessage: 'The password is too short.',
  },
  'password.wrong': { id: 'error.password.wrong', defaultMessage: 'The current password is wrong.' },
  'password_reset.invalid': {
    id: 'error.password_reset.invalid',
    defaultMessage: 'This reset link is invalid, used or expired. Ask for a new one.',
  },
  'password_reset.no_mail': {
    id: 'error.password_reset.no_mail',
    defaultMessage: 'This server sends no mail. Ask an admin of your team for a reset link.',
  },
  'passkey.failed': {
    id: 'error.passkey.failed',
    defaultMessage: 'The passkey could not be used. Try again, or log in with your password.',
  },
  'two_factor.wrong_code': { id: 'error.two_factor.wrong_code', defaultMessage: 'That code is not right.' },
  'two_factor.enrolment_required': {
    id: 'error.two_factor.enrolment_required',
    defaultMessage: 'Your team requires two-factor sign-in. Turn it on in Settings → Sign-in security.',
  },
  'two_factor.expired': {
    id: 'error.two_factor.expired',
    defaultMessage: 'This step took too long. Log in again.',
  },
  'two_factor.already_enabled': {
    id: 'error.two_factor.already_enabled',
    defaultMessage: 'Two-factor sign-in is already on.',
  },
  'two_factor.not_started': {
    id: 'error.two_factor.not_started',
    defaultMessage: 'Start the set-up again.',
  },
  'two_factor.not_enabled': {
    id: 'error.two_factor.not_enabled',
    defaultMessage: 'Two-factor sign-in is off.',
  },
  'two_factor.confirm_failed': {
    id: 'error.two_factor.confirm_failed',
    defaultMessage: 'Wrong password or code.',
  },
  forbidden: { id: 'error.forbidden', defaultMessage: 'You don’t have permission to do that.' },
  'service.unavailable': {
    id: 'error.service.unavailable',
    defaultMessage: 'The server can’t reach its database right now. Try again in a moment.',
  },
  not_found: { id: 'error.not_found', defaultMessage: 'It doesn’t exist any more.' },
  'chat.already_taken': {
    id: 'error.chat.already_taken',
    defaultMessage: 'Another agent has already taken this chat.',
  },
  'chat.closed': { id: 'error.chat.closed', defaultMessage: 'This chat has ended.' },
  'call.taken': { id: 'error.call.taken', defaultMessage: 'Another agent has already taken this call.' },
  'call.over': { id: 'error.call.over', defaultMessage: 'This call has ended.' },
  'call.in_progress': { id: 'error.call.in_progress', defaultMessage: 'You are already in this call.' },
  'call.not_active': { id: 'error.call.not_active', defaultMessage: 'This call is not connected.' },
  'call.not_allowed': {
    id: 'error.call.not_allowed',
    defaultMessage: 'Calls are not available on this website.',
  },
  'call.no_agents': { id: 'error.call.no_agents', defaultMessage: 'No agent can take a call right now.' },
  'call.balance_short': {
    id: 'error.call.balance_short',
    defaultMessage:
      'The call balance is too low for this call. The account owner can top it up in Manage → Call balance.',
  },
  'call.invalid_number': {
    id: 'error.call.invalid_number',
    defaultMessage: 'Enter the number in international form: a + and the country code, e.g. +905321234567.',
  },
  'call.no_agent_number': {
    id: 'error.call.no_agent_number',
    defaultMessage:
      'Set your own phone number in the Call section first: the provider rings it to connect you.',
  },
  'call.no_phone_channel': {
    id: 'error.call.no_phone_channel',
    defaultMessage: 'No phone channel is set up. An administrator adds one in Manage → Channels.',
  },
  'call.no_rate': {
    id: 'error.call.no_rate',
    defaultMessage: 'The phone channel does not call numbers in this country.',
  },
  'call.provider_failed': {
    id: 'error.call.provider_failed',
    defaultMessage:
      'The phone provider did not place the call. The phone channel’s health in Manage → Channels says why.',
  },
  'call.no_softphone_channel': {
    id: 'error.call.no_softphone_channel',
    defaultMessage: 'This SIP phone channel is not one of yours. Choose another channel in the Call section.',
  },
  'call.no_sip_account': {
    id: 'error.call.no_sip_account',
    defaultMessage: 'You have no SIP account on this phone channel. Ask an administrator to add one.',
  },
  'stats.own_only': { id: 'error.stats.own_only', defaultMessage: 'Agents see only their own statistics.' },
  'stats.period_invalid': {
    id: 'error.stats.period_invalid',
    defaultMessage: 'Choose a start date on or before the end date.',
  },
  'stats.period_too_long': {
    id: 'error.stats.period_too_long',
    defaultMessage: 'A report covers at most 366 days.',
  },
  'stats.time_zone_invalid': {
    id: 'error.stats.time_zone_invalid',
    defaultMessage: 'That is not a time zone. Pick one from the list, e.g. Europe/Istanbul.',
  },
  'chat.not_participant': {
    id: 'error.chat.not_participant',
    defaultMessage: 'Accept the chat before writing in it.',
  },
  'chat.visitor_busy': {
    id: 'error.chat.visitor_busy',
    defaultMessage: 'A teammate is already chatting with this visitor.',
  },
  'visitor.not_on_site': {
    id: 'error.visitor.not_on_site',
    defaultMessage: 'This visitor is not on the site any more.',
  },
  'channel.not_website': {
    id: 'error.channel.not_website',
    defaultMessage: 'Only website channels have these settings.',
  },
  'avatar.too_large': {
    id: 'error.avatar.too_large',
    defaultMessage: 'The image is too large. The limit is 5 MB.',
  },
  'avatar.bad_type': {
    id: 'error.avatar.bad_type',
    defaultMessage: 'Use a PNG, JPEG, WebP or GIF image.',
  },
  'agent.disable_self': {
    id: 'error.agent.disable_self',
    defaultMessage: 'You can’t disable your own account. Ask another admin.',
  },
  'team.self': { id: 'error.team.self', defaultMessage: 'Pick a teammate, not yourself.' },
  'team.not_group': {
    id: 'error.team.not_group',
    defaultMessage: 'Only group chats have members to manage.',
  },
  'crm.merge_same': {
    id: 'error.crm.merge_same',
    defaultMessage: 'Pick two different visitors to merge.',
  },
  'avatar.invalid_image': {
    id: 'error.avatar.invalid_image',
    defaultMessage: 'That file could not be read as an image.',
  },
  'integration.invalid_config': {
    id: 'error.integration.invalid_config',
    defaultMessage: 'Some settings are invalid. Check the marked fields.',
  },
  'integration.plugin_unavailable': {
    id: 'error.integration.plugin_unavailable',
    defaultMessage:
      'This server has not loaded the plugin. Install its package, add it to PARLEY_PLUGINS and restart.',
  },
  'integration.failed': {
    id: 'error.integration.failed',
    defaultMessage: 'The provider refused or could not be reached. Check the settings and try again.',
  },
  'integration.no_test': {
    id: 'error.integration.no_test',
    defaultMessage: 'This channel cannot send a test message.',
  },
  'integration.is_channel': {
    id: 'error.integration.is_channel',
    defaultMessage: 'Add this one as a channel (Manage → Channels → Add channel).',
  },
  'integration.no_translator': {
    id: 'error.integration.no_translator',
    defaultMessage: 'No translator is set up. An admin can add one in Manage → Integrations.',
  },
  'file.type_not_allowed': {
    id: 'error.file.type_not_allowed',
    defaultMessage:
      'This type of file can’t be sent. Images, PDFs, office documents, archives, audio, video and plain text can.',
  },
  'file.too_large': { id: 'error.file.too_large', defaultMessage: 'The file is too large to send.' },
  'file.empty': { id: 'error.file.empty', defaultMessage: 'The file is empty.' },
  'file.broken_image': { id: 'error.file.broken_image', defaultMessage: 'The image could not be read.' },
  'file.channel_unsupported': {
    id: 'error.file.channel_unsupported',
    defaultMessage: 'Files can’t be sent on this channel.',
  },
  'integration.no_gif': {
    id: 'error.integration.no_gif',
    defaultMessage: 'No GIF provider is set up. An admin can add one in Manage → Integrations.',
  },
  // Plugin packages installed from the console (K3).
  'plugin_package.invalid': {
    id: 'error.plugin_package.invalid',
    defaultMessage: 'This plugin package cannot be installed.',
  },
  'plugin_package.bad_type': {
    id: 'error.plugin_package.bad_type',
    defaultMessage: 'Choose the .tgz file that npm pack writes.',
  },
  'plugin_package.too_large': {
    id: 'error.plugin_package.too_large',
    defaultMessage: 'The package is too large. The limit is 20 MB.',
  },
  'plugin_package.configured': {
    id: 'error.plugin_package.configured',
    defaultMessage:
      'This package is loaded from PARLEY_PLUGINS. Upgrade it there, or take it out of PARLEY_PLUGINS to manage it here.',
  },
  'plugin_package.refused': {
    id: 'error.plugin_package.refused',
    defaultMessage:
      'This version could not be loaded, so it was not installed. What ran before keeps running.',
  },
  'plugin_package.changed': {
    id: 'error.plugin_package.changed',
    defaultMessage: 'The uploaded package is not the one you reviewed. Upload it again.',
  },
  'plugin_package.not_found': {
    id: 'error.plugin_package.not_found',
    defaultMessage: 'This package is not installed, or its upload is gone. Upload it again.',
  },
  // Chat tools (C1–C5, C9).
  'chat.self': { id: 'error.chat.self', defaultMessage: 'Pick a teammate, not yourself.' },
  'chat.agent_not_on_channel': {
    id: 'error.chat.agent_not_on_channel',
    defaultMessage: 'This agent doesn’t serve this chat’s channel.',
  },
  'ban.target_required': {
    id: 'error.ban.target_required',
    defaultMessage: 'Ban the visitor, an IP address or both.',
  },
  'ban.bad_ip': { id: 'error.ban.bad_ip', defaultMessage: 'Enter an IP address or a CIDR range.' },
  'ban.expired': { id: 'error.ban.expired', defaultMessage: 'The end of the ban must be in the future.' },
  'reminder.past': { id: 'error.reminder.past', defaultMessage: 'Pick a time in the future.' },
  'canned.shortcut_taken': {
    id: 'error.canned.shortcut_taken',
    defaultMessage: 'This shortcut is already used.',
  },
  'tag.taken': { id: 'error.tag.taken', defaultMessage: 'A tag with this name already exists.' },
  // Outbound webhooks (J7).
  'webhooks.invalid_url': {
    id: 'error.webhooks.invalid_url',
    defaultMessage: 'Enter a full http:// or https:// address without a user name or password.',
  },
  'webhooks.private_destination': {
    id: 'error.webhooks.private_destination',
    defaultMessage: 'This address is on a private network. Webhooks can only go to public addresses.',
  },
  'webhooks.unresolvable': {
    id: 'error.webhooks.unresolvable',
    defaultMessage: 'This host name cannot be found. Check the address.',
  },
  'webhooks.events_required': {
    id: 'error.webhooks.events_required',
    defaultMessage: 'Choose at least one event.',
  },
  'webhooks.too_many': {
    id: 'error.webhooks.too_many',
    defaultMessage: 'This account has as many endpoints as it can have. Delete one first.',
  },
  'webhooks.already_queued': {
    id: 'error.webhooks.already_queued',
    defaultMessage: 'This delivery is already waiting to be sent.',
  },
  'client_log.rate_limited': {
    id: 'error.client_log.rate_limited',
    defaultMessage: 'You sent many error logs this hour. Try again later.',
  },
  'push.bad_endpoint': {
    id: 'error.push.bad_endpoint',
    defaultMessage: 'This browser’s push service address is not allowed by this server.',
  },
  'account.suspended': {
    id: 'error.account.suspended',
    defaultMessage: 'This account is suspended by the operator of this server.',
  },
  'billing.unavailable': {
    id: 'error.billing.unavailable',
    defaultMessage: 'Billing is not set up on this server.',
  },
  'billing.provider_failed': {
    id: 'error.billing.provider_failed',
    defaultMessage: 'The payment provider refused the request. Try again later.',
  },
  'billing.no_public_url': {
    id: 'error.billing.no_public_url',
    defaultMessage:
      'The server has no public address (PUBLIC_URL) for the payment provider to send you back to.',
  },
  'billing.plan_not_for_sale': {
    id: 'error.billing.plan_not_for_sale',
    defaultMessage: 'This plan cannot be bought.',
  },
  'billing.already_subscribed': {
    id: 'error.billing.already_subscribed',
    defaultMessage: 'You already have a subscription: change its plan instead.',
  },
  'billing.no_subscription': {
    id: 'error.billing.no_subscription',
    defaultMessage: 'There is no subscription to change.',
  },
  'billing.same_plan': { id: 'error.billing.same_plan', defaultMessage: 'This is already your plan.' },
  'billing.invalid_amount': {
    id: 'error.billing.invalid_amount',
    defaultMessage: 'Enter an amount of at least 1.00.',
  },
  'operator.required': {
    id: 'error.operator.required',
    defaultMessage: 'Only the operator of this server may do this.',
  },
  'operator.own_account': {
    id: 'error.operator.own_account',
    defaultMessage: 'You can’t suspend or delete the account you are signed in to.',
  },
  'operator.confirm_name': {
    id: 'error.operator.confirm_name',
    defaultMessage: 'Type the account’s name exactly to delete it.',
  },
});

export const genericErrorMessages = defineMessages({
  generic: { id: 'error.generic', defaultMessage: 'Something went wrong. Please try again.' },
  network: {
    id: 'error.network',
    defaultMessage: 'Can’t reach the server. Check your connection and try again.',
  },
  badRequest: { id: 'error.bad_request', defaultMessage: 'Some fields need attention.' },
});

export const fieldErrorMessages = defineMessages({
  'validation.required': { id: 'validation.required', defaultMessage: 'This field is required.' },
  'validation.totp_code': { id: 'validation.totp_code', defaultMessage: 'Enter the 6 digits from your app.' },
  'password.wrong': { id: 'validation.password_wrong', defaultMessage: 'The password is wrong.' },
  'two_factor.wrong_code': { id: 'validation.two_factor_code', defaultMessage: 'That code is not right.' },
  'validation.email': { id: 'validation.email', defaultMessage: 'Enter a valid email address.' },
  'validation.too_short': { id: 'validation.too_short', defaultMessage: 'This is too short.' },
  'validation.too_long': { id: 'validation.too_long', defaultMessage: 'This is too long.' },
  'validation.invalid': { id: 'validation.invalid', defaultMessage: 'This value is not valid.' },
  'validation.format': { id: 'validation.format', defaultMessage: 'This value has the wrong format.' },
  'validation.choice': { id: 'validation.choice', defaultMessage: 'Choose one of the options.' },
  'validation.url': { id: 'validation.url', defaultMessage: 'Enter a web address starting with https://.' },
  'validation.too_small': { id: 'validation.too_small', defaultMessage: 'This number is too small.' },
  'validation.private_destination': {
    id: 'validation.private_destination',
    defaultMessage: 'This address is on a private network, which this server does not allow.',
  },
  'validation.secret_again': {
    id: 'validation.secret_again',
    defaultMessage: 'The address changed: enter this secret again.',
  },
  'validation.too_big': { id: 'validation.too_big', defaultMessage: 'This number is too big.' },
  'validation.future': { id: 'validation.future', defaultMessage: 'Pick a time in the future.' },
  'validation.taken': { id: 'validation.taken', defaultMessage: 'This is already taken.' },
  'validation.single_line': { id: 'validation.single_line', defaultMessage: 'This must fit on one line.' },
  'validation.password_mismatch': {
    id: 'validation.password_mismatch',
    defaultMessage: 'The passwords don’t match.',
  },
});

// The server's generic input failure: the field messages say the rest.
const byAppCode: Record<string, MessageDescriptor> = {
  ...appErrorMessages,
  validation: genericErrorMessages.badRequest,
};

// Status codes without a known appCode still deserve a specific message.
const byTrpcCode: Record<string, MessageDescriptor> = {
  UNAUTHORIZED: appErrorMessages['auth.required'],
  FORBIDDEN: appErrorMessages.forbidden,
  NOT_FOUND: appErrorMessages.not_found,
  TOO_MANY_REQUESTS: appErrorMessages['auth.rate_limited'],
  SERVICE_UNAVAILABLE: appErrorMessages['service.unavailable'],
  BAD_REQUEST: genericErrorMessages.badRequest,
};

/** J6: which limit of the plan refused (the server's `details.limit`). */
const planLimitMessages = defineMessages({
  agents: {
    id: 'error.plan.limit_reached.agents',
    defaultMessage:
      'Your plan’s agent limit is reached (open invitations count too). The Pro page shows your plan.',
  },
  channels: {
    id: 'error.plan.limit_reached.channels',
    defaultMessage: 'Your plan’s channel limit is reached. The Pro page shows your plan.',
  },
  conversations: {
    id: 'error.plan.limit_reached.conversations',
    defaultMessage: 'Your plan’s conversations for this month are used up. The Pro page shows your plan.',
  },
  storage: {
    id: 'error.plan.limit_reached.storage',
    defaultMessage: 'Your plan’s file storage is full. The Pro page shows your plan.',
  },
});

export type TErrorShape = {
  code?: string;
  appCode?: string;
  details?: Record<string, unknown>;
  fieldErrors?: Record<string, string>;
  network: boolean;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads what we need from a TRPCClientError (or an upload's `{ error }` body) without trusting its shape. */
export function readErrorShape(error: unknown): TErrorShape {
  if (!isRecord(error)) return { network: false };
  const data = isRecord(error.data) ? error.data : isRecord(error.error) ? error.error : undefined;
  const shape: TErrorShape = { network: false };
  if (data) {
    if (typeof data.code === 'string') shape.code = data.code;
    if (typeof data.appCode === 'string') shape.appCode = data.appCode;
    if (isRecord(data.details)) shape.details = data.details;
    if (isRecord(data.fieldErrors)) {
      const fieldErrors: Record<string, string> = {};
      for (const [field, id] of Object.entries(data.fieldErrors)) {
        if (typeof id === 'string') fieldErrors[field] = id;
      }
      shape.fieldErrors = fieldErrors;
    }
  } else if (error.name === 'TRPCClientError' || error instanceof TypeError) {
    // tRPC wraps fetch failures (and unparsable proxy pages) in a TRPCClientError without `data`.
    shape.network = true;
  }
  return shape;
}

export type TDescribedError = {
  message: MessageDescriptor;
  fieldErrors: Record<string, MessageDescriptor>;
};

function lookup<T extends Record<string, MessageDescriptor>>(table: T, key: string | undefined) {
  return key !== undefined && Object.hasOwn(table, key) ? table[key as keyof T] : undefined;
}

export function describeFieldError(id: string): MessageDescriptor {
  return (
    lookup(fieldErrorMessages, id) ?? lookup(appErrorMessages, id) ?? fieldErrorMessages['validation.invalid']
  );
}

/** Turns any thrown value into localisable messages: one for the form, one per invalid field. */
export function describeError(error: unknown): TDescribedError {
  const shape = readErrorShape(error);
  const fieldErrors: Record<string, MessageDescriptor> = {};
  for (const [field, id] of Object.entries(shape.fieldErrors ?? {})) {
    fieldErrors[field] = describeFieldError(id);
  }
  const limit = shape.appCode === 'plan.limit_reached' ? shape.details?.limit : undefined;
  const message =
    (typeof limit === 'string' ? lookup(planLimitMessages, limit) : undefined) ??
    lookup(byAppCode, shape.appCode) ??
    (shape.network ? genericErrorMessages.network : undefined) ??
    lookup(byTrpcCode, shape.code) ??
    genericErrorMessages.generic;
  return { message, fieldErrors };
}
