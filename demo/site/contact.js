// The contact page: the site's own plain HTML form, bound with sdk.Leads.form() exactly as
// Rechat's documentation shows — no custom element involved.
import { CHANNELS } from './data.js';

const form = document.querySelector('#contact-form');
const status = document.querySelector('#contact-status');

Rechat.Sdk.shared().Leads.form(
  form,
  { lead_channel: CHANNELS.general },
  {
    validate: (payload) => {
      // The browser's own messages for required and malformed fields.
      if (!form.reportValidity()) return false;
      status.textContent = 'Sending…';
      return Boolean(payload.email);
    },
    onSuccess: (lead) => {
      status.textContent = lead.queued
        ? 'You are offline: your message is saved and will be sent as soon as the connection returns.'
        : 'Thank you! An agent will contact you shortly.';
      form.reset();
    },
    onError: (error) => {
      status.textContent = `Sorry, your message could not be sent: ${error.message}`;
    },
  },
);
