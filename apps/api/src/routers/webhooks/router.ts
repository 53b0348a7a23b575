import { router } from '../../trpc';
import { createEndpointProcedure } from './create-endpoint';
import {
  deleteEndpointProcedure,
  listDeliveriesProcedure,
  replayDeliveryProcedure,
  revealSecretProcedure,
  rotateSecretProcedure,
  sendTestEventProcedure,
} from './endpoint-actions';
import { listEndpointsProcedure } from './list-endpoints';
import { updateEndpointProcedure } from './update-endpoint';

/** J7: outbound webhooks, for admins (docs/webhooks.md). */
export const webhooksRouter = router({
  list: listEndpointsProcedure,
  create: createEndpointProcedure,
  update: updateEndpointProcedure,
  remove: deleteEndpointProcedure,
  revealSecret: revealSecretProcedure,
  rotateSecret: rotateSecretProcedure,
  sendTest: sendTestEventProcedure,
  deliveries: listDeliveriesProcedure,
  replay: replayDeliveryProcedure,
});
