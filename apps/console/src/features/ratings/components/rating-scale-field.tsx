import { defineMessages, useIntl } from 'react-intl';
import { RadioGroup } from '../../../components/field';

const messages = defineMessages({
  legend: { id: 'rating.scale', defaultMessage: 'Rating after a chat' },
  thumbs: { id: 'rating.scale.thumbs', defaultMessage: 'Good or bad' },
  stars: { id: 'rating.scale.stars', defaultMessage: '1 to 5 stars' },
});

export type TRatingScale = 'thumbs' | 'stars';

/** G7: a website channel's setting for how the widget asks visitors to rate an ended chat. */
export function RatingScaleField({
  name,
  value,
  onChange,
}: {
  name: string;
  value: TRatingScale;
  onChange: (value: TRatingScale) => void;
}) {
  const intl = useIntl();
  return (
    <RadioGroup
      legend={intl.formatMessage(messages.legend)}
      name={name}
      value={value}
      options={[
        { value: 'thumbs', label: intl.formatMessage(messages.thumbs) },
        { value: 'stars', label: intl.formatMessage(messages.stars) },
      ]}
      onChange={onChange}
    />
  );
}
