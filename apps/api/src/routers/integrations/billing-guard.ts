import type { Actor, Context } from '../../context';
import { isBillingPlugin } from '../../domain/billing/install';
import { isOperatorUser } from '../../domain/operator/operators';
import { AppError } from '../../errors';

type Caller = { ctx: Pick<Context, 'deps'> & { actor: Actor } };

/**
 * J6: a billing plugin bills every account of the server and its signed webhooks set their plans,
 * so only the instance operator adds, configures (its webhook secret above all), switches on or off a
 * billing install: an account admin could otherwise sign an upgrade for any account. Other plugins
 * pass untouched. `name` is the plugin's, or found from the install's id in the caller's account.
 */
export async function requireOperatorForBilling(
  { ctx }: Caller,
  target: { name: string } | { installId: string },
): Promise<void> {
  const name =
    'name' in target
      ? target.name
      : (
          await ctx.deps.db.pluginInstall.findUnique({
            where: { id: target.installId },
            select: { name: true },
          })
        )?.name;
  if (!name || !isBillingPlugin(ctx.deps.plugins, name)) return;
  if (!(await isOperatorUser(ctx.deps.db, ctx.deps.config, ctx.actor.userId)))
    throw new AppError(
      'forbidden',
      'operator.required',
      'Only the operator of this server may manage billing',
    );
}
