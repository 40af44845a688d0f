import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { startBootstrap } from './api/bootstrap.js';
import { dismissFirstScreen, FIRST_SCREEN_LIMIT_MS } from './ui/firstScreen.js';
import './ui/base.css';
import './ui/firstScreen.css';

// Ask for the first screen's data before React mounts, so the answer travels while it does (the
// browser host has already put it in the page: then nothing travels).
startBootstrap();

const root = document.getElementById('root');
// While the host's picture lies over it, the app beneath takes no clicks or keys unseen.
if (root && document.getElementById('first-screen')) root.inert = true;
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
setTimeout(dismissFirstScreen, FIRST_SCREEN_LIMIT_MS);
