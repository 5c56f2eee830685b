import { expect } from '@open-wc/testing';
import '../../src/define.js';
import { RechatLeadFormElement, RechatTrackListingElement } from '../../src/index.js';

describe('static define(tag, registry)', () => {
  it('returns the class; quiet when that class holds the tag; one warning when another definition does', () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      expect(RechatLeadFormElement.define()).to.equal(RechatLeadFormElement);
      expect(warnings).to.deep.equal([]);
      // Another copy or version of the SDK (a plugin's bundle, say) already holds the tag.
      class AnotherCopy extends RechatTrackListingElement {}
      expect(AnotherCopy.define('rechat-track-listing')).to.equal(AnotherCopy);
      expect(customElements.get('rechat-track-listing')).to.equal(RechatTrackListingElement);
      expect(warnings).to.deep.equal(['[rechat-sdk] <rechat-track-listing> is already defined by another copy of the SDK, which stays in use.']);
    } finally {
      console.warn = warn;
    }
  });

  it('registers under a tag of the page\'s choosing', () => {
    class MyLeadForm extends RechatLeadFormElement {}
    const tag = `my-lead-form-${Math.random().toString(36).slice(2)}`;
    expect(MyLeadForm.define(tag)).to.equal(MyLeadForm);
    expect(customElements.get(tag)).to.equal(MyLeadForm);
    const el = document.createElement(tag);
    expect(el).to.be.instanceOf(RechatLeadFormElement);
  });
});
