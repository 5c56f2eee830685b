import { expect } from '@open-wc/testing';
import { DEFAULT_CSS } from '../../src/elements/shared/styles.js';
import { until } from '../helpers/frames.js';

// The page below a lead form must not move when the script defines the element and the
// form renders, nor when a message appears under it after a submit: the shipped styles
// reserve the form's height before it renders (Core Web Vitals' CLS). The element is
// defined only after the first layout here, as on a page whose script loads late.

// The longest message the form shows.
const MESSAGE = 'Sorry, this form cannot send messages. Please contact us another way.';

// The field sets the README shows and what the defaults render (a contact hint when two ways
// to reply are offered and neither is required), in a wide and a phone-width column, with
// a tall and the browser's normal line height.
const CASES = [
  {},
  { fields: 'email' },
  { fields: 'first_name,email', required: 'email' },
  { fields: 'first_name,last_name,email', required: 'email' },
  { fields: 'first_name,last_name,email,phone_number,note', required: 'email' },
  { fields: 'email,phone_number' },
  { fields: 'first_name,note,phone_number', width: '20rem', lineHeight: '1.6' },
  { width: '20rem', lineHeight: '1.6' },
  { fields: 'email,note', lineHeight: 'normal', fontSize: '18px' },
  { theirs: true },
  { theirs: true, width: '20rem', lineHeight: '1.6' },
];

/** A form plugin's form, which the element enhances (and adds its status line under). */
function pluginForm(): HTMLFormElement {
  const form = document.createElement('form');
  const label = document.createElement('label');
  label.append('Your email ', document.createElement('input'));
  const button = document.createElement('button');
  button.textContent = 'Send';
  form.append(label, button);
  return form;
}

const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

describe('layout shift from <rechat-lead-form>', () => {
  it('moves nothing below it when it renders, nor when a message shows', async () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(DEFAULT_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const shifts: number[] = [];
    const observer = PerformanceObserver.supportedEntryTypes?.includes('layout-shift')
      ? new PerformanceObserver((list) => shifts.push(...list.getEntries().map((e) => (e as PerformanceEntry & { value: number }).value)))
      : undefined;
    observer?.observe({ type: 'layout-shift' });

    const rows = CASES.map(({ fields, required, theirs, width = '36rem', lineHeight = '1.5', fontSize = '16px' }) => {
      const form = document.createElement('rechat-lead-form');
      form.setAttribute('channel', '2c55e69d-adbe-42d9-97a5-bedb43783b80');
      if (fields) form.setAttribute('fields', fields);
      if (required) form.setAttribute('required', required);
      if (theirs) form.append(pluginForm());
      const below = document.createElement('p');
      below.textContent = 'What follows the form.';
      const column = document.createElement('div');
      Object.assign(column.style, { width, lineHeight, fontSize, fontFamily: 'sans-serif', display: 'inline-block', verticalAlign: 'top' });
      column.append(form, below);
      document.body.append(column);
      return { name: `${theirs ? 'their form' : (fields ?? 'default fields')} (${width}, line height ${lineHeight})`, form, below };
    });
    await frame();
    const tops = () => Object.fromEntries(rows.map(({ name, below }) => [name, below.getBoundingClientRect().top]));
    const before = tops();
    for (const { name, form } of rows) expect(form.getBoundingClientRect().height, `space reserved for ${name}`).to.be.above(0);

    await import('../../src/elements/lead-form/define.js');
    await until(() => rows.every(({ form }) => form.querySelector('form button') && form.querySelector('.rechat-status')), 'every form rendered');
    await frame();
    expect(tops(), 'after the forms rendered').to.deep.equal(before);

    for (const { form } of rows) form.querySelector('.rechat-status')!.textContent = MESSAGE;
    await frame();
    expect(tops(), 'with a message under each form').to.deep.equal(before);

    observer?.disconnect();
    expect(shifts, 'layout-shift entries').to.deep.equal([]);
  });
});
