/**
 * Many accounts on one server: who is an instance operator. The first setup marks its owner
 * (`User.operator`); PARLEY_OPERATOR_EMAILS names more, without a database change, and naming
 * nobody there takes nothing away from the first owner.
 */
export function isOperator(
  config: { operatorEmails: readonly string[] },
  user: { email: string; operator: boolean },
): boolean {
  return user.operator || config.operatorEmails.includes(user.email.trim().toLowerCase());
}
