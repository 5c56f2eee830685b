import { ContextEvent, createContext } from '@lit/context';
import { Sdk } from '../../offline-sdk.js';

/**
 * The Sdk a `<rechat-sdk>` provides to the elements inside it. The key is a string, not
 * a symbol, so that a provider and consumers from two copies of the code (the script
 * tag and a bundle) still find each other. A provider whose attributes make no valid
 * Sdk answers with the `RechatError` in its place.
 */
export const sdkContext = createContext<Sdk, 'rechat-sdk'>('rechat-sdk');

/**
 * The Sdk an element sends with: the nearest `<rechat-sdk>`'s, or else the page's shared
 * one. Asked for (a one-shot context request) each time it is needed rather than held by
 * a subscription: an element moved to another provider, or connected before its provider
 * was defined, still gets the right one, and connecting 1,000 elements costs no events.
 * Throws the provider's error when it is misconfigured: the element reports it rather
 * than sending to an API the page did not choose.
 */
export function sdkOf(host: Element): Sdk {
  let sdk: Sdk | Error | undefined;
  host.dispatchEvent(new ContextEvent(sdkContext, host, (value) => (sdk = value)));
  if (sdk instanceof Error) throw sdk;
  return sdk ?? Sdk.shared();
}
