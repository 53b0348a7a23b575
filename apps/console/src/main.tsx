import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { installErrorCapture } from './features/error-log';
import { registerServiceWorker, watchInstallPrompt } from './features/pwa';
import './styles.css';

// J3: keep recent errors and warnings from the first moment (Settings → Error log sends them).
installErrorCapture();
// A7: the service worker (offline shell, push notifications) and the browser's install offer.
watchInstallPrompt();
registerServiceWorker();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
