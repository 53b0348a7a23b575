// `npm run i18n:extract`: writes the English catalogue from the messages in the code.
import { join } from 'node:path';
import { extractMessages, messagesDir, SOURCE_LOCALE } from './messages';

const messages = extractMessages(join(messagesDir, `${SOURCE_LOCALE}.json`));
console.log(`i18n: wrote ${Object.keys(messages).length} messages to ${SOURCE_LOCALE}.json`);
