import { getBridge } from './api/twofold.js';
import { CodesScreen } from './features/codes/CodesScreen.js';
import { useTheme } from './features/settings/useTheme.js';
import { ErrorScreen } from './ui/ErrorScreen.js';
import { ToastProvider } from './ui/Toasts.js';

export function App() {
  const bridge = getBridge();
  if (!bridge) {
    return (
      <ErrorScreen
        title="Twofold can’t reach its background service"
        message="This window opened without its connection to Twofold, so no codes can be shown. Close it and start Twofold again. If this keeps happening, reinstall Twofold or ask your IT team."
      />
    );
  }
  return <ConnectedApp />;
}

function ConnectedApp() {
  useTheme();
  return (
    <ToastProvider>
      <CodesScreen />
    </ToastProvider>
  );
}
