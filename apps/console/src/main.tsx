import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { installErrorCapture } from './features/error-log';
import './styles.css';

// J3: keep recent errors and warnings from the first moment (Settings → Error log sends them).
installErrorCapture();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
