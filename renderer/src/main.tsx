import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { startBootstrap } from './api/bootstrap.js';
import './ui/base.css';

// Ask for the first screen's data before React mounts, so the answer travels while it does.
startBootstrap();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
