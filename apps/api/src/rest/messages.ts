/**
 * The REST API's error messages in the languages the console speaks, chosen by Accept-Language.
 * Codes without an entry keep the server's English message.
 */
const CATALOGUES = {
  en: {
    'api.token_missing': 'Send an API token: Authorization: Bearer prl_…',
    'api.token_invalid': 'This API token is not valid.',
    'api.token_revoked': 'This API token has been revoked.',
    'api.token_expired': 'This API token has expired.',
    'api.token_owner_gone': 'The admin who created this API token can no longer use it.',
    'api.scope_missing': 'This API token does not have the scope this call needs.',
    'api.rate_limited': 'Too many calls with this API token. Wait and try again.',
    'api.not_found': 'There is no such API endpoint.',
    'api.method_not_allowed': 'This endpoint does not accept that method.',
    'api.bad_json': 'The request body must be a JSON object.',
    'api.too_large': 'The request body is too large.',
    'api.agent_unknown': 'There is no active agent with this id in your account.',
    'account.suspended':
      'This account is suspended by the server’s operator: its API tokens are refused until it is unsuspended.',
    validation: 'Some fields are not valid.',
    'validation.invalid': 'Some fields are not valid.',
    forbidden: 'This token’s user is not allowed to do that.',
    not_found: 'It doesn’t exist any more.',
    'chat.closed': 'This chat has ended.',
    'chat.not_participant': 'The acting agent is not in this chat: accept it first.',
    'chat.already_taken': 'Another agent has already taken this chat.',
    'chat.self': 'Pick a teammate, not the acting agent.',
    'chat.agent_not_on_channel': 'This agent doesn’t serve this chat’s channel.',
    'tag.taken': 'A tag with this name already exists.',
    'webhooks.already_queued': 'This delivery is already waiting to be sent.',
    'webhooks.events_required': 'Choose at least one event.',
    'webhooks.invalid_url': 'Enter a full http:// or https:// address without a user name or password.',
    'webhooks.private_destination':
      'This address is on a private network. Webhooks can only go to public addresses.',
    'webhooks.too_many': 'This account has as many endpoints as it can have. Delete one first.',
    'webhooks.unresolvable': 'This host name cannot be found. Check the address.',
    'plan.limit_reached':
      'This account’s plan limit is reached. The owner sees the plan and its usage on the Pro page.',
    'plan.feature_unavailable': 'This account’s plan does not include this feature.',
    'service.unavailable': 'The server can’t reach its database right now. Try again in a moment.',
    internal: 'Internal server error.',
  },
  tr: {
    'api.token_missing': 'Bir API anahtarı gönderin: Authorization: Bearer prl_…',
    'api.token_invalid': 'Bu API anahtarı geçerli değil.',
    'api.token_revoked': 'Bu API anahtarı iptal edildi.',
    'api.token_expired': 'Bu API anahtarının süresi doldu.',
    'api.token_owner_gone': 'Bu API anahtarını oluşturan yönetici artık onu kullanamıyor.',
    'api.scope_missing': 'Bu API anahtarı, bu çağrının gerektirdiği izne sahip değil.',
    'api.rate_limited': 'Bu API anahtarıyla çok fazla çağrı yapıldı. Bekleyip yeniden deneyin.',
    'api.not_found': 'Böyle bir API uç noktası yok.',
    'api.method_not_allowed': 'Bu uç nokta bu yöntemi kabul etmiyor.',
    'api.bad_json': 'İstek gövdesi bir JSON nesnesi olmalıdır.',
    'api.too_large': 'İstek gövdesi çok büyük.',
    'api.agent_unknown': 'Hesabınızda bu kimliğe sahip etkin bir temsilci yok.',
    'account.suspended':
      'Bu hesap sunucu yöneticisi tarafından askıya alındı: askı kalkana kadar API anahtarları reddedilir.',
    validation: 'Bazı alanlar geçerli değil.',
    'validation.invalid': 'Bazı alanlar geçerli değil.',
    forbidden: 'Bu anahtarın kullanıcısının bunu yapma yetkisi yok.',
    not_found: 'Artık mevcut değil.',
    'chat.closed': 'Bu sohbet sona erdi.',
    'chat.not_participant': 'İşlemi yapan temsilci bu sohbette değil: önce sohbeti kabul edin.',
    'chat.already_taken': 'Bu sohbeti başka bir temsilci zaten aldı.',
    'chat.self': 'İşlemi yapan temsilciyi değil, bir takım arkadaşını seçin.',
    'chat.agent_not_on_channel': 'Bu temsilci bu sohbetin kanalına bakmıyor.',
    'tag.taken': 'Bu adda bir etiket zaten var.',
    'webhooks.already_queued': 'Bu gönderim zaten gönderilmeyi bekliyor.',
    'webhooks.events_required': 'En az bir olay seçin.',
    'webhooks.invalid_url':
      'Kullanıcı adı ya da parola içermeyen, http:// veya https:// ile başlayan tam bir adres girin.',
    'webhooks.private_destination':
      "Bu adres özel bir ağda. Webhook'lar yalnızca herkese açık adreslere gidebilir.",
    'webhooks.too_many': 'Bu hesap olabilecek en fazla uç noktaya sahip. Önce birini silin.',
    'webhooks.unresolvable': 'Bu ana makine adı bulunamadı. Adresi kontrol edin.',
    'plan.limit_reached':
      'Bu hesabın paket sınırına ulaşıldı. Hesap sahibi paketi ve kullanımını Pro sayfasında görür.',
    'plan.feature_unavailable': 'Bu hesabın paketi bu özelliği içermiyor.',
    'service.unavailable': 'Sunucu şu anda veritabanına ulaşamıyor. Birazdan yeniden deneyin.',
    internal: 'Sunucu hatası.',
  },
} satisfies Record<string, Record<string, string>>;

export type ApiLocale = keyof typeof CATALOGUES;

/** The best of our languages for an Accept-Language header (q-values honoured); English otherwise. */
export function localeOf(header: string | undefined): ApiLocale {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if (lang === 'en' || lang === 'tr') return lang;
  return 'en';
}

export function localisedMessage(locale: ApiLocale, code: string, fallback: string): string {
  const catalogue: Record<string, string> = CATALOGUES[locale];
  return catalogue[code] ?? fallback;
}
