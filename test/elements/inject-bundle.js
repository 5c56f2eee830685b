// A page script that adds the bundle's script tag itself, as tag managers and some
// plugins do: the bundle then loads like an async script, whenever it arrives.
const script = document.createElement('script');
script.src = '/dist/rechat.min.js';
const { apiUrl, when } = document.currentScript.dataset;
if (apiUrl) script.dataset.apiUrl = apiUrl;
script.addEventListener('load', () => (window.injectedLoaded = true));
if (when === 'load') addEventListener('load', () => document.head.append(script));
else document.head.append(script);
