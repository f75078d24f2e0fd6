// "Website neu bauen": writes the rebuild request document (schemaTypes/singletons/
// rebuildRequest.ts), whose publish webhook starts a build like any publish. The browser never
// sees a build hook or token, and Sanity's permissions decide who may write it; the button is
// shown to the roles of REBUILD_ROLES only.
import { Button, Stack, Text } from '@sanity/ui';
import { useState } from 'react';
import { useClient, useCurrentUser, userHasRole } from 'sanity';
import { API_VERSION, REBUILD_REQUEST } from '../schemaTypes/constants';
import type { Poller } from './poller';

/** Roles that may rebuild the site by hand (Sanity's built-in roles that may publish). */
export const REBUILD_ROLES = ['administrator', 'editor'];

export function RebuildButton({ poller }: { poller: Poller }) {
  const user = useCurrentUser();
  const client = useClient({ apiVersion: API_VERSION });
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | 'failed'>('idle');
  if (!user || !REBUILD_ROLES.some((role) => userHasRole(user, role))) return null;

  async function request() {
    setState('sending');
    try {
      await client.createOrReplace({ _id: REBUILD_REQUEST.id, _type: REBUILD_REQUEST.type, requestedAt: new Date().toISOString(), requestedBy: user?.name ?? '' });
      setState('sent');
      poller.expectChange();
    } catch {
      setState('failed');
    }
  }

  return (
    <Stack gap={2}>
      <Button text="Website neu bauen" tone="primary" mode="ghost" disabled={state === 'sending'} loading={state === 'sending'} onClick={() => void request()} />
      {state === 'sent' ? <Text size={1}>Neuaufbau angefordert; er erscheint gleich in der Liste.</Text> : null}
      {state === 'failed' ? <Text size={1}>Der Neuaufbau konnte nicht angefordert werden. Bitte versuchen Sie es noch einmal.</Text> : null}
    </Stack>
  );
}
