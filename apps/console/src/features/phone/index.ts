// The Call section's public face (H2): app.tsx routes to the page; the visitor panel and the CRM
// record show the Call button when the visitor has a phone number.
export { CallButton } from './components/call-button';
