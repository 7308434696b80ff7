import { mount } from 'svelte';
import 'katex/dist/katex.min.css';
import './app.css';
import App from './App.svelte';
import { pageTheme } from './lib/state/Theme.svelte';
import { startServiceWorker } from './sw/register';
import { offline } from './sw/Offline.svelte';

// The theme goes on <html> before the first paint of the app, so a dark system never flashes a light page.
pageTheme();
// On a host without COOP/COEP headers the first visit reloads once, under the service worker, into cross-origin
// isolation (wasm threads); starting the app before that reload would only be thrown away.
startServiceWorker(offline).then((reloading) => {
  if (!reloading) mount(App, { target: document.getElementById('app')! });
});
