import { defineMessage, defineMessages, FormattedMessage, type PrimitiveType, useIntl } from 'react-intl';
import { trpc } from '../../../lib/trpc';
import './chat-rating.css';

const messages = defineMessages({
  title: { id: 'rating.title', defaultMessage: 'Visitor rating' },
  good: { id: 'rating.good', defaultMessage: 'Good' },
  bad: { id: 'rating.bad', defaultMessage: 'Bad' },
  stars: defineMessage<{ score: PrimitiveType }>({
    id: 'rating.stars',
    defaultMessage: '{score} out of 5 stars',
  }),
  comment: { id: 'rating.comment', defaultMessage: 'Comment' },
});

/**
 * G7: the visitor's rating of this chat, in the chat and the visitor panel. The `chat.rated` live
 * event writes it into this query's cache (features/live), so it appears as the visitor rates.
 */
export function ChatRating({ conversationId }: { conversationId: string }) {
  const intl = useIntl();
  const query = trpc.chats.rating.useQuery({ conversationId }, { staleTime: 60_000 });
  const rating = query.data;
  if (!rating) return null;
  const label =
    rating.scale === 'stars'
      ? intl.formatMessage(messages.stars, { score: rating.score })
      : intl.formatMessage(rating.score === 1 ? messages.good : messages.bad);
  const icon = rating.scale === 'stars' ? '★'.repeat(rating.score) : rating.score === 1 ? '👍' : '👎';
  return (
    <section className="chat-rating" aria-label={intl.formatMessage(messages.title)}>
      <h3 className="chat-rating-title">
        <FormattedMessage {...messages.title} />
      </h3>
      <p className="chat-rating-score">
        <span aria-hidden="true">{icon}</span> {label}
      </p>
      {rating.comment ? (
        <blockquote className="chat-rating-comment" aria-label={intl.formatMessage(messages.comment)}>
          <bdi>{rating.comment}</bdi>
        </blockquote>
      ) : null}
    </section>
  );
}
