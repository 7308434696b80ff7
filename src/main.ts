import { mount } from 'svelte';
import 'katex/dist/katex.min.css';
import './app.css';
import App from './App.svelte';
import { pageTheme } from './lib/state/Theme.svelte';

// The theme goes on <html> before the first paint of the app, so a dark system never flashes a light page.
pageTheme();

mount(App, { target: document.getElementById('app')! });
