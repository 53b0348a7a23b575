// The ratings feature's public face: other features and app.tsx import only what is listed here (scripts/check-deps.ts).
export { ChatRating } from './components/chat-rating';
export { RatingScaleField } from './components/rating-scale-field';
