// The soak page: what a site does with the SDK, driven by scripts/soak.mjs. Every call
// carries a unique marker; the driver hears (soakResolved) which calls the SDK accepted —
// sent or safely queued — and later looks for each marker in the sandbox's database.
const CHANNEL = '39d049be-12bd-4ab8-bc87-f5668a570620';
const sdk = Rechat.Sdk.shared();

window.soakCall = (kind, marker) => {
  const call =
    kind === 'capture'
      ? sdk.Leads.capture({ lead_channel: CHANNEL }, { email: `${marker}@soak.test`, note: marker, first_name: 'Soak' })
      : sdk.Leads.Tracker.signedUp(marker);
  call.then(
    (result) => window.soakResolved?.(marker, result.queued === true),
    (error) => window.soakRejected?.(marker, String(error)),
  );
  return true;
};

/** Whether this page's outbox has nothing left to send (after sending what it can now). */
window.soakDrained = async () => {
  await sdk.flush();
  return (await sdk.outbox.pending()).length === 0;
};
