// A theme's own web component, with the lead form inside its shadow root: the document's
// styles do not reach in there.
const { channel } = document.currentScript.dataset;
customElements.define(
  'theme-card',
  class extends HTMLElement {
    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      const title = document.createElement('h2');
      title.textContent = 'Ask the agent';
      const form = document.createElement('rechat-lead-form');
      form.id = 'inner';
      form.setAttribute('channel', channel);
      form.setAttribute('fields', 'first_name,email');
      root.append(title, form);
    }
  },
);
