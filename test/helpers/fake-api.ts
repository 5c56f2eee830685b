import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { RechatError } from '../../src/core/errors.js';

/** One request as the fake API received it. */
export interface ReceivedRequest {
  method: string;
  /** The path under the API's base URL, e.g. `/leads/channels/…/webhook`. */
  path: string;
  contentType: string | null;
  body: any;
  /** The capture body's `idempotency_key` (taken out of `body`). */
  key?: string;
  /** The `Idempotency-Key` header. */
  keyHeader?: string;
  status?: number;
  at: number;
}

/** A scripted answer: the first script whose method and path (a RegExp source) match is used. */
export interface ScriptedReply {
  method?: string;
  path?: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer this many requests, then fall back to the defaults. */
  times?: number;
  delayMs?: number;
  /** Close the connection with no answer: a network failure. */
  hangup?: boolean;
}

/** A session of the cross-origin fake of Rechat's API (test/server/fake-api.mjs). */
export interface FakeApi {
  /** Use as the Sdk's apiUrl. */
  url: string;
  requests(): Promise<ReceivedRequest[]>;
  script(...replies: ScriptedReply[]): Promise<void>;
  /** Resolves once `count` requests have arrived (polling), or rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
}

/**
 * A fresh, isolated session of the fake API. Its controls go through the test runner's
 * own connection, so they work while the page is offline.
 */
export async function fakeApi(): Promise<FakeApi> {
  const { url, id } = await executeServerCommand<{ url: string; id: string }, void>('fake-api-session');
  const requests = () => executeServerCommand<ReceivedRequest[], { id: string }>('fake-api-requests', { id });
  return {
    url: `${url}/s/${id}`,
    requests,
    async script(...replies) {
      await executeServerCommand('fake-api-script', { id, replies });
    },
    async waitForRequests(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const received = await requests();
        if (received.length >= count) return received;
        if (Date.now() > deadline) {
          throw new Error(`Expected ${count} requests at the fake API, got ${received.length} in ${timeoutMs} ms`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** A UUID for a lead channel. */
export function channelId(): string {
  return crypto.randomUUID();
}

/** Erases every cookie the page can see, so that each test starts with no tracking id. */
export function clearCookies(): void {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; Max-Age=0; Path=/`;
  }
}

/** A cookie as the browser keeps it, with the attributes document.cookie hides. */
export interface BrowserCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Seconds since the epoch; -1 for a session cookie. */
  expires: number;
  secure: boolean;
  sameSite?: string;
}

/** Reads the page's cookies through the browser's automation protocol. */
export function pageCookies(): Promise<BrowserCookie[]> {
  return executeServerCommand<BrowserCookie[], void>('page-cookies');
}

/** Takes the test page (and its frames) offline, or back online; fires offline/online. */
export async function setOffline(offline: boolean): Promise<void> {
  await executeServerCommand<boolean, { offline: boolean }>('set-offline', { offline });
}

/** The RechatError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<RechatError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(RechatError);
    return error as RechatError;
  }
  throw new Error('Expected the promise to reject, but it resolved');
}

/** One cookie's value as `document.cookie` shows it, or undefined. */
export function cookieValue(name = 'rechat-sdk-tracker'): string | undefined {
  return document.cookie
    .split('; ')
    .find((pair) => pair.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}
